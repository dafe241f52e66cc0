package org.santegateway.server.webmail;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the webmail, decoded: method, path, query and form fields, uploaded files,
 * cookies and the client's address. Built by {@link WebmailHttpHandler}; the pages never see
 * Netty types.
 */
public record WebRequest(String method, String path, Map<String, String> query, Map<String, String> form,
                         List<Upload> uploads, Map<String, String> cookies, Optional<String> origin,
                         Optional<InetAddress> client) {
    public WebRequest {
        query = Map.copyOf(query);
        form = Map.copyOf(form);
        uploads = List.copyOf(uploads);
        cookies = Map.copyOf(cookies);
    }

    /** A request of unknown origin (tests). */
    public WebRequest(String method, String path, Map<String, String> query, Map<String, String> form,
                      List<Upload> uploads, Map<String, String> cookies, Optional<String> origin) {
        this(method, path, query, form, uploads, cookies, origin, Optional.empty());
    }

    public WebRequest withClient(InetAddress address) {
        return new WebRequest(method, path, query, form, uploads, cookies, origin, Optional.of(address));
    }

    /**
     * The field the listener adds to a form whose files went over the aggregation limit and were dropped
     * ({@link OversizedForms}): the pages answer "too large", with the text kept.
     */
    public static final String OVER_LIMIT = "_envoi-trop-volumineux";

    /** Whether files of this form were dropped for going over the limit. */
    public boolean uploadsOverLimit() {
        return form.containsKey(OVER_LIMIT);
    }

    /** A file sent with a form. */
    public record Upload(String field, String fileName, String contentType, byte[] content) {
    }

    public boolean isPost() {
        return method.equals("POST");
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String formField(String name) {
        return form.getOrDefault(name, "");
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }
}
