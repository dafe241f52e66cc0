package org.santegateway.server.startup;

import java.nio.file.Path;

/**
 * One TLS file a listener is configured with: which file and setting name it, where it resolves.
 *
 * @param configFile the configuration file that names it, e.g. {@code smtpserver.xml}
 * @param setting    the setting, e.g. {@code smtpserver[1].tls.privateKey}
 * @param location   the location as written ({@code file://certs/server.key})
 * @param path       where it resolves on disk
 */
public record TlsMaterial(String configFile, String setting, String location, Path path) {
}
