-- How each node exchanged mailbox events at its last start (in-vm or rabbitmq): a node without RabbitMQ does not
-- start on a database whose other nodes use it (nodes.NodeRegistry). Null for starts recorded before.

ALTER TABLE gateway_node ADD COLUMN event_bus character varying(16);
