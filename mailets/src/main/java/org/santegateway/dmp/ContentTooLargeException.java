package org.santegateway.dmp;

import java.io.IOException;

/** Content longer than the limit it was received under; whatever was spooled is already deleted. */
public class ContentTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public ContentTooLargeException(long limit) {
        super("content larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
