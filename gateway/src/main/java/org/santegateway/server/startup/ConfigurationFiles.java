package org.santegateway.server.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.santegateway.server.GatewaySettings;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the gateway's configuration files for the startup checks, turning every read or parse
 * error into a {@link StartupFailure} that names the file (and line, for XML). Parsing refuses
 * DTDs and external entities.
 */
final class ConfigurationFiles {
    private final GatewaySettings settings;

    ConfigurationFiles(GatewaySettings settings) {
        this.settings = settings;
    }

    Optional<Document> xml(String fileName) {
        Path file = settings.file(fileName);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream input = Files.newInputStream(file)) {
            return Optional.of(newBuilder().parse(input));
        } catch (SAXParseException e) {
            throw new StartupFailure(fileName + ": line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                + ": malformed XML: " + e.getMessage());
        } catch (SAXException e) {
            throw new StartupFailure(fileName + ": malformed XML: " + e.getMessage());
        } catch (IOException e) {
            throw new StartupFailure(fileName + ": cannot be read: " + e.getMessage());
        }
    }

    Optional<Properties> properties(String fileName) {
        Path file = settings.file(fileName);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return Optional.of(properties);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(fileName + ": cannot be read: " + e.getMessage());
        }
    }

    List<String> xmlFileNames() {
        try (var files = Files.list(settings.configDirectory())) {
            return files.map(path -> path.getFileName().toString())
                .filter(name -> name.endsWith(".xml"))
                .sorted()
                .toList();
        } catch (IOException e) {
            throw new StartupFailure(settings.configDirectory() + ": configuration directory cannot be read: " + e.getMessage());
        }
    }

    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                result.add(element);
            }
        }
        return result;
    }

    static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(element -> element.getTextContent().trim());
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.ErrorHandler() {
                @Override
                public void warning(SAXParseException exception) {
                    // not fatal: James reads the file the same way
                }

                @Override
                public void error(SAXParseException exception) throws SAXParseException {
                    throw exception;
                }

                @Override
                public void fatalError(SAXParseException exception) throws SAXParseException {
                    throw exception;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
