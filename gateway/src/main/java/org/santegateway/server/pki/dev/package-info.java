/**
 * The development PKI, production code on purpose: on first start, when the configuration points
 * at the files of {@code certs/} that do not exist yet, {@code FirstStart} and {@code OperatorMaterial}
 * create a test root CA ({@link org.santegateway.server.pki.dev.DevelopmentCertificateAuthority},
 * its name says "TEST ... NOT FOR PRODUCTION"), the server's TLS certificate and the operator
 * material, so that the gateway runs out of the box. A deployment with real certificates
 * (IGC-Santé) never reaches this code. The tests use the same authority to issue their material.
 */
package org.santegateway.server.pki.dev;
