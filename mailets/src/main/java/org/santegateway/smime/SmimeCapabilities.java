package org.santegateway.smime;

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
import org.bouncycastle.asn1.smime.SMIMEAttributes;
import org.bouncycastle.asn1.smime.SMIMECapability;

/**
 * What a correspondent's software announced it can read, from the SMIMECapabilities signed
 * attribute of its signature (RFC 8551 section 2.5.2), reduced to what the outbound side chooses
 * from: the content encryption to use when encrypting for that correspondent.
 *
 * <p>Rule: a correspondent that announced no capabilities gets the default, AES-256-GCM; one that
 * announced capabilities without any AES-GCM gets AES-256-CBC (a client that lists only AES-CBC,
 * as many deployed ones do, cannot read AuthEnvelopedData). The list is what the signer claims; it
 * only chooses between the two encryptions we accept, never a weaker one.</p>
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
}
