package org.santegateway.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.ParseException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.xdm.MssHeaders;
import org.santegateway.xdm.XdmPackage;
import org.santegateway.xdm.XdmPackageReader;
import org.santegateway.xdm.XdmReadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the MSSanté headers of an outgoing message that carries IHE XDM packages with CDA documents:
 * {@code X-MSS-CODECDA} (the CDA document codes, comma-separated) and {@code X-MSS-INS} ({@code O}
 * when a qualified INS identifies the patient, {@code N} otherwise), see {@link MssHeaders}. A
 * message without CDA documents leaves without either: values a client set are removed, so the
 * headers always say what the gateway found. Must run before the message is signed.
 *
 * <pre>{@code
 * <mailet match="All" class="org.santegateway.mailets.SetMssDocumentHeaders" onMailetException="propagate"/>
 * }</pre>
 */
public class SetMssDocumentHeaders extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SetMssDocumentHeaders.class);

    private final XdmPackageReader xdmReader;

    @Inject
    public SetMssDocumentHeaders(XdmPackageReader xdmReader) {
        this.xdmReader = xdmReader;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        List<XdmPackage> packages = new ArrayList<>();
        try {
            collect(message, packages, 0);
            Optional<MssHeaders> headers = MssHeaders.of(packages);
            boolean changed = message.getHeader(MssHeaders.CODE_CDA_HEADER) != null || message.getHeader(MssHeaders.INS_HEADER) != null;
            message.removeHeader(MssHeaders.CODE_CDA_HEADER);
            message.removeHeader(MssHeaders.INS_HEADER);
            if (headers.isPresent()) {
                message.setHeader(MssHeaders.CODE_CDA_HEADER, headers.get().codeCda());
                message.setHeader(MssHeaders.INS_HEADER, headers.get().ins());
                changed = true;
            }
            if (changed) {
                message.saveChanges();
            }
        } catch (IOException e) {
            throw new MessagingException("the attachments could not be read", e);
        } finally {
            packages.forEach(XdmPackage::close);
        }
        LOGGER.debug("MSSanté document headers of {}: {} XDM package(s)", mail.getName(), packages.size());
    }

    private void collect(Part part, List<XdmPackage> packages, int depth) throws MessagingException, IOException {
        String type = baseType(part);
        if (type.startsWith("multipart/")) {
            if (depth > 8) {
                return;
            }
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child, packages, depth + 1);
                }
            }
            return;
        }
        String fileName = part.getFileName();
        boolean zip = type.contains("zip") || (fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".zip"));
        if (!zip) {
            return;
        }
        try (InputStream input = part.getInputStream()) {
            if (xdmReader.read(input) instanceof XdmReadResult.Read read) {
                packages.add(read.xdmPackage());
            }
        }
    }

    private static String baseType(Part part) throws MessagingException {
        String header = part.getContentType();
        if (header == null) {
            return "text/plain";
        }
        try {
            return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return "application/octet-stream";
        }
    }
}
