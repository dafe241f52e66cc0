package org.santegateway.server.webmail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.santegateway.server.autoconfig.ClientAutoconfig;
import org.santegateway.server.dmp.MhdEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;

/**
 * Decodes an aggregated HTTP request into a {@link WebRequest}, runs the pages on a worker pool
 * (mailbox and database calls block) and writes the response with the security headers every
 * webmail response carries. Mail clients' configuration documents are answered apart, without a
 * session ({@link ClientAutoconfig}).
 */
public class WebmailHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** No script at all, no remote content, no framing: message HTML cannot run or load anything. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Logger LOGGER = LoggerFactory.getLogger(WebmailHttpHandler.class);
    private static final int MAX_FIELD_BYTES = 1_000_000;

    private static final int MAX_AUTODISCOVER_BYTES = 16 * 1024;

    private final WebmailPages pages;
    private final ClientAutoconfig autoconfig;
    private final MhdEndpoint mhd;
    private final ExecutorService workers;

    public WebmailHttpHandler(WebmailPages pages, ClientAutoconfig autoconfig, MhdEndpoint mhd, ExecutorService workers) {
        this.pages = pages;
        this.autoconfig = autoconfig;
        this.mhd = mhd;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            write(ctx, WebResponse.html(400, Html.errorPage("Requête invalide.")), false);
            return;
        }
        String rawPath = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8).path();
        if (ClientAutoconfig.handles(rawPath)) {
            mailClientDocument(ctx, request, rawPath, keepAlive);
            return;
        }
        if (MhdEndpoint.handles(rawPath)) {
            mhdRequest(ctx, request, rawPath, keepAlive);
            return;
        }
        WebRequest webRequest;
        try {
            WebRequest decoded = decode(request);
            webRequest = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress remote && remote.getAddress() != null
                ? decoded.withClient(remote.getAddress())
                : decoded;
        } catch (RuntimeException | IOException e) {
            LOGGER.debug("Undecodable webmail request: {}", e.getClass().getSimpleName());
            write(ctx, WebResponse.html(400, Html.errorPage("Requête invalide.")), false);
            return;
        }
        try {
            workers.execute(() -> {
                WebResponse response;
                try {
                    response = pages.handle(webRequest);
                } catch (RuntimeException e) {
                    LOGGER.warn("Webmail page failed: {}", e.getClass().getName());
                    LOGGER.debug("Webmail page failure", e);
                    response = WebResponse.html(500, Html.errorPage("Une erreur est survenue. Réessayez plus tard."));
                }
                WebResponse toWrite = response;
                if (toWrite.delay().isZero()) {
                    ctx.executor().execute(() -> write(ctx, toWrite, keepAlive));
                } else {
                    ctx.executor().schedule(() -> write(ctx, toWrite, keepAlive), toWrite.delay().toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        } catch (RejectedExecutionException e) {
            write(ctx, WebResponse.html(503, Html.errorPage("Service momentanément indisponible.")), false);
        }
    }

    /**
     * Mail clients' configuration documents ({@link ClientAutoconfig}): no session, no form
     * decoding (an Autodiscover request is an XML body).
     */
    private void mailClientDocument(ChannelHandlerContext ctx, FullHttpRequest request, String path, boolean keepAlive) {
        boolean autodiscover = ClientAutoconfig.isAutodiscover(path);
        HttpMethod expected = autodiscover ? HttpMethod.POST : HttpMethod.GET;
        if (!request.method().equals(expected)) {
            write(ctx, WebResponse.html(405, Html.errorPage("Méthode non autorisée.")).withHeader("Allow", expected.name()), keepAlive);
            return;
        }
        if (request.content().readableBytes() > MAX_AUTODISCOVER_BYTES) {
            write(ctx, WebResponse.html(413, Html.errorPage("Requête trop grande.")), false);
            return;
        }
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        Optional<String> host = Optional.ofNullable(request.headers().get(HttpHeaderNames.HOST));
        Optional<String> emailAddress = Optional.ofNullable(new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8).parameters().get("emailaddress"))
            .flatMap(values -> values.stream().findFirst());
        try {
            workers.execute(() -> {
                Optional<String> document = autodiscover ? autoconfig.autodiscover(body, host) : autoconfig.thunderbird(emailAddress, host);
                WebResponse response = document
                    .map(xml -> WebResponse.bytes("application/xml; charset=utf-8", xml.getBytes(StandardCharsets.UTF_8))
                        .withHeader("Cache-Control", "public, max-age=3600"))
                    .orElseGet(WebResponse::notFound);
                ctx.executor().execute(() -> write(ctx, response, keepAlive));
            });
        } catch (RejectedExecutionException e) {
            write(ctx, WebResponse.html(503, Html.errorPage("Service momentanément indisponible.")), false);
        }
    }

    /**
     * IHE MHD for professionals' software ({@link MhdEndpoint}): a bearer token instead of a session, FHIR answers;
     * the attachment URLs name the host the caller reached.
     */
    private void mhdRequest(ChannelHandlerContext ctx, FullHttpRequest request, String path, boolean keepAlive) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        String host = Optional.ofNullable(request.headers().get(HttpHeaderNames.HOST)).filter(value -> value.matches("[A-Za-z0-9.:\\[\\]-]{1,300}"))
            .orElse("localhost");
        Optional<String> authorization = Optional.ofNullable(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        Optional<String> mailbox = Optional.ofNullable(request.headers().get("X-Mailbox"));
        Optional<java.net.InetAddress> client = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress remote
            ? Optional.ofNullable(remote.getAddress()) : Optional.empty();
        String method = request.method().name();
        try {
            workers.execute(() -> {
                WebResponse response;
                try {
                    MhdEndpoint.Answer answer = mhd.handle(method, path, uri.parameters(), authorization, mailbox, client, "https://" + host);
                    response = new WebResponse(answer.status(), answer.contentType(), answer.body(), answer.headers(), java.time.Duration.ZERO);
                } catch (RuntimeException | LinkageError e) {
                    // A broken class path included: the caller gets an answer, never a connection left hanging.
                    LOGGER.warn("MHD request failed: {}", e.getClass().getName());
                    response = new WebResponse(500, "application/fhir+xml; charset=utf-8", ("<OperationOutcome xmlns=\"http://hl7.org/fhir\">"
                        + "<issue><severity value=\"error\"/><code value=\"exception\"/></issue></OperationOutcome>").getBytes(StandardCharsets.UTF_8),
                        java.util.Map.of(), java.time.Duration.ZERO);
                }
                WebResponse toWrite = response;
                ctx.executor().execute(() -> write(ctx, toWrite, keepAlive));
            });
        } catch (RejectedExecutionException e) {
            write(ctx, WebResponse.html(503, Html.errorPage("Service momentanément indisponible.")), false);
        }
    }

    static WebRequest decode(FullHttpRequest request) throws IOException {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        Map<String, String> query = new HashMap<>();
        uri.parameters().forEach((name, values) -> query.put(name, values.get(0)));
        Map<String, String> form = new HashMap<>();
        List<WebRequest.Upload> uploads = new ArrayList<>();
        if (request.method().equals(HttpMethod.POST)) {
            HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false, StandardCharsets.UTF_8), request, StandardCharsets.UTF_8);
            try {
                for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                    if (data instanceof FileUpload upload) {
                        if (upload.isCompleted() && upload.length() > 0) {
                            uploads.add(new WebRequest.Upload(upload.getName(), upload.getFilename(), upload.getContentType(), upload.get()));
                        }
                    } else if (data instanceof Attribute attribute) {
                        if (attribute.length() > MAX_FIELD_BYTES) {
                            throw new IOException("form field too large");
                        }
                        form.putIfAbsent(attribute.getName(), attribute.getValue());
                    }
                }
            } finally {
                decoder.destroy();
            }
        }
        Map<String, String> cookies = new HashMap<>();
        String cookieHeader = request.headers().get(HttpHeaderNames.COOKIE);
        if (cookieHeader != null) {
            for (Cookie cookie : ServerCookieDecoder.STRICT.decode(cookieHeader)) {
                cookies.putIfAbsent(cookie.name(), cookie.value());
            }
        }
        Optional<String> origin = Optional.ofNullable(request.headers().get(HttpHeaderNames.ORIGIN));
        String path = URI.create("http://x" + uri.rawPath()).getPath();
        return new WebRequest(request.method().name(), path == null ? "/" : path, query, form, uploads, cookies, origin);
    }

    static void write(ChannelHandlerContext ctx, WebResponse response, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
            Unpooled.wrappedBuffer(response.body()));
        var headers = http.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        headers.set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Strict-Transport-Security", "max-age=31536000");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (!response.headers().containsKey("Cache-Control")) {
            // Every page but the style sheet shows or leads to health data.
            headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            headers.set(HttpHeaderNames.PRAGMA, "no-cache");
        }
        response.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("Set-Cookie")) {
                // Several cookies: one line each (WebResponse keeps them in one value, separated by new lines).
                headers.remove(name);
                for (String cookie : value.split("\n")) {
                    headers.add(name, cookie);
                }
            } else {
                headers.set(name, value);
            }
        });
        if (keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(http);
        } else {
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debug("Webmail connection closed: {}", cause.getClass().getSimpleName());
        ctx.close();
    }
}
