package org.santegateway.server.dmp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * A filed document's metadata row. The pair (patient, content hash) is unique: a document is filed
 * once per patient. The content itself is an encrypted blob under {@code <data>/var/dmp/}.
 *
 * <p>What the sender wrote about the document (type code, title, author, creation time,
 * confidentiality, unique id) is in {@code SEALED_METADATA}, encrypted ({@link org.santegateway.dmp.MetadataCipher},
 * base64); in clear stay only what the store looks up and decides on (patient, content hash,
 * visibility, depositor, dates of filing, MIME type, size). The clear columns of those fields are
 * those of rows filed before sealing: {@link EmbeddedDmpStore#sealClearMetadata()} moves them
 * under encryption at start and empties them ({@code TITLE} keeps an empty string: the column is
 * {@code NOT NULL} in databases created before).</p>
 */
@Entity(name = "GatewayDmpDocument")
@Table(name = "GATEWAY_DMP_DOCUMENT", uniqueConstraints = @UniqueConstraint(name = "GATEWAY_DMP_DOC_PATIENT_HASH",
    columnNames = {"PATIENT", "CONTENT_HASH"}))
public class JpaDmpDocument {
    @Id
    @Column(name = "ID", length = 36, nullable = false)
    String id;

    @Column(name = "PATIENT", length = 15, nullable = false)
    @Index(name = "GATEWAY_DMP_DOC_PATIENT_IDX")
    String patient;

    @Column(name = "CONTENT_HASH", length = 64, nullable = false)
    String contentHash;

    @Column(name = "BLOB_NAME", length = 64, nullable = false)
    String blobName;

    @Column(name = "SIZE_BYTES", nullable = false)
    long size;

    @Column(name = "HIDDEN", nullable = false)
    boolean hidden;

    @Column(name = "FILED_AT", nullable = false)
    long filedAt;

    @Column(name = "DEPOSITOR_KIND", length = 16, nullable = false)
    String depositorKind;

    @Column(name = "DEPOSITOR_ID", length = 320, nullable = false)
    String depositorId;

    @Column(name = "PATIENT_AUTHORITY", length = 16)
    String patientAuthority;

    @Column(name = "TYPE_CODE", length = 64)
    String typeCode;

    @Column(name = "TYPE_CODE_SYSTEM", length = 128)
    String typeCodeSystem;

    @Column(name = "TYPE_CODE_DISPLAY", length = 256)
    String typeCodeDisplay;

    @Column(name = "TITLE", length = 1024, nullable = false)
    String title;

    @Column(name = "AUTHOR_NAME", length = 512)
    String authorName;

    @Column(name = "AUTHOR_ID", length = 320)
    String authorId;

    @Column(name = "AUTHOR_ID_SYSTEM", length = 128)
    String authorIdSystem;

    @Column(name = "CREATION_TIME")
    Long creationTime;

    @Column(name = "MIME_TYPE", length = 128, nullable = false)
    String mimeType;

    @Column(name = "CONF_CODE", length = 64)
    String confidentialityCode;

    @Column(name = "CONF_CODE_SYSTEM", length = 128)
    String confidentialityCodeSystem;

    @Column(name = "CONF_CODE_DISPLAY", length = 256)
    String confidentialityCodeDisplay;

    @Column(name = "UNIQUE_ID", length = 256)
    String uniqueId;

    @Column(name = "ORIGIN", length = 16, nullable = false)
    String origin;

    @Column(name = "SOURCE_MESSAGE_HASH", length = 64, nullable = false)
    String sourceMessageIdHash;

    @Column(name = "SEALED_METADATA", length = DocumentRows.SEALED_COLUMN_LENGTH)
    String sealedMetadata;

    protected JpaDmpDocument() {
    }

    /**
     * Changes the visibility of a managed row. Through this method, not a field write from another class:
     * the class is enhanced at build time, and OpenJPA sees a change only when it is made by the entity's
     * own code (other classes may set the fields of a new row before it is persisted, and read them).
     */
    void setHidden(boolean hidden) {
        this.hidden = hidden;
    }

    /** Puts a managed row filed before sealing under encryption: stores {@code sealed}, empties the clear columns. */
    void seal(String sealed) {
        this.sealedMetadata = sealed;
        this.typeCode = null;
        this.typeCodeSystem = null;
        this.typeCodeDisplay = null;
        this.title = "";
        this.authorName = null;
        this.authorId = null;
        this.authorIdSystem = null;
        this.creationTime = null;
        this.confidentialityCode = null;
        this.confidentialityCodeSystem = null;
        this.confidentialityCodeDisplay = null;
        this.uniqueId = null;
    }
}
