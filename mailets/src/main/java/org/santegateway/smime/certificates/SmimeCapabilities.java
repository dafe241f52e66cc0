package org.santegateway.smime.certificates;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.smime.SMIMEAttributes;
import org.bouncycastle.asn1.smime.SMIMECapability;

/**
 * What a correspondent's software announced it can read, from the SMIMECapabilities signed
 * attribute of its signature (RFC 8551 section 2.5.2), reduced to what the outbound side chooses
 * from: the content encryption and the key transport to use when encrypting for that
 * correspondent.
 *
 * <p>Rules:</p>
 * <ul>
 *   <li>no capabilities announced: the default, AES-256-GCM with RSA-OAEP (what this gateway and
 *   the peers built like it read; RFC 8551 lets a sender choose when nothing was announced);</li>
 *   <li>AES-GCM announced: AES-256-GCM with RSA-OAEP (software that reads AuthEnvelopedData reads
 *   OAEP);</li>
 *   <li>capabilities without any AES-GCM (OpenSSL's default list, many deployed clients):
 *   AES-256-CBC, with RSA-OAEP only when id-RSAES-OAEP is announced, else RSA PKCS#1 v1.5 (such
 *   software may not read OAEP).</li>
 * </ul>
 * <p>The list is what the signer claims; it only chooses between the algorithms we accept, never
 * anything weaker than AES-256-CBC.</p>
 *
 * @param announced the capability OIDs in the order the signer listed them; empty when the
 *                  signature carried no SMIMECapabilities attribute
 */
public record SmimeCapabilities(Optional<List<String>> announced) {
    /** At most this many capabilities are kept from one signature. */
    static final int MAX_CAPABILITIES = 64;
    private static final Set<String> GCM = Set.of(
        NISTObjectIdentifiers.id_aes128_GCM.getId(),
        NISTObjectIdentifiers.id_aes192_GCM.getId(),
        NISTObjectIdentifiers.id_aes256_GCM.getId());
    private static final String RSAES_OAEP = PKCSObjectIdentifiers.id_RSAES_OAEP.getId();

    public static final SmimeCapabilities NONE_ANNOUNCED = new SmimeCapabilities(Optional.empty());

    public SmimeCapabilities {
        announced = announced.map(List::copyOf);
    }

    public static SmimeCapabilities of(List<String> oids) {
        return new SmimeCapabilities(Optional.of(oids));
    }

    /** The capabilities of a signer's signed attributes; {@link #NONE_ANNOUNCED} when absent or unreadable. */
    public static SmimeCapabilities fromSignedAttributes(AttributeTable signedAttributes) {
        if (signedAttributes == null) {
            return NONE_ANNOUNCED;
        }
        Attribute attribute = signedAttributes.get(SMIMEAttributes.smimeCapabilities);
        if (attribute == null || attribute.getAttrValues().size() != 1) {
            return NONE_ANNOUNCED;
        }
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(attribute.getAttrValues().getObjectAt(0));
            Set<String> oids = new LinkedHashSet<>();
            for (ASN1Encodable element : sequence) {
                if (oids.size() == MAX_CAPABILITIES) {
                    break;
                }
                ASN1ObjectIdentifier oid = SMIMECapability.getInstance(element).getCapabilityID();
                oids.add(oid.getId());
            }
            return of(List.copyOf(oids));
        } catch (IllegalArgumentException e) {
            // A malformed attribute announces nothing we can rely on.
            return NONE_ANNOUNCED;
        }
    }

    /** The content encryption to use for this correspondent. */
    public ContentEncryption contentEncryption() {
        return announced
            .filter(oids -> oids.stream().noneMatch(GCM::contains))
            .map(oids -> ContentEncryption.AES_256_CBC)
            .orElse(ContentEncryption.AES_256_GCM);
    }

    /** The key transport to use for this correspondent. */
    public KeyTransport keyTransport() {
        if (contentEncryption() == ContentEncryption.AES_256_GCM) {
            return KeyTransport.RSA_OAEP_SHA256;
        }
        return announced.orElseThrow().contains(RSAES_OAEP) ? KeyTransport.RSA_OAEP_SHA256 : KeyTransport.RSA_PKCS1_V1_5;
    }
}
