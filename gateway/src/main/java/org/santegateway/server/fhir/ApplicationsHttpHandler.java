package org.santegateway.server.fhir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.santegateway.login.CertificateLogins;
import org.santegateway.server.agenda.AppointmentEndpoint;
import org.santegateway.server.dmp.MhdEndpoint;
import org.santegateway.server.dmp.MhdEndpoint.Answer;
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
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;

/**
 * One request of a certified application (IHE MHD, {@link MhdEndpoint}; the agenda's appointments,
 * {@link AppointmentEndpoint}): its TLS client certificate (already chained to the trust anchors by the
 * handshake) is checked by {@link CertificateLogins} at every request (revocation, binding to an active APP mailbox,
 * application referenced; {@code X-Mailbox} chooses among several bound mailboxes), then the FHIR resource answers as
 * that mailbox. A refused certificate gets 403 and an {@code OperationOutcome} saying why, 503 while the revocation
 * status cannot be known.
 */
class ApplicationsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PROTOCOL = "fhir";
    private static final Logger LOGGER = LoggerFactory.getLogger(ApplicationsHttpHandler.class);

    private final CertificateLogins logins;
    private final MhdEndpoint mhd;
    private final AppointmentEndpoint appointments;
    private final ExecutorService workers;

    ApplicationsHttpHandler(CertificateLogins logins, MhdEndpoint mhd, AppointmentEndpoint appointments, ExecutorService workers) {
        this.logins = logins;
        this.mhd = mhd;
        this.appointments = appointments;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            write(ctx, mhd.outcome(400, OperationOutcome.IssueType.INVALID, "malformed HTTP request"), false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        String path = uri.path();
        if (!MhdEndpoint.handles(path) && !AppointmentEndpoint.handles(path)) {
            write(ctx, mhd.outcome(404, OperationOutcome.IssueType.NOTSUPPORTED, "this listener serves " + MhdEndpoint.PREFIX + " only"), keepAlive);
            return;
        }
        List<X509Certificate> chain = peerChain(ctx);
        Optional<String> asked = Optional.ofNullable(request.headers().get("X-Mailbox"));
        InetAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
            ? remote.getAddress() : InetAddress.getLoopbackAddress();
        String host = Optional.ofNullable(request.headers().get(HttpHeaderNames.HOST)).filter(value -> value.matches("[A-Za-z0-9.:\\[\\]-]{1,300}"))
            .orElse("localhost");
        String method = request.method().name();
        Optional<String> contentType = Optional.ofNullable(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        try {
            workers.execute(() -> {
                Answer answer;
                try {
                    answer = answer(method, path, uri.parameters(), contentType, body, chain, asked, client, "https://" + host);
                } catch (RuntimeException | LinkageError e) {
                    LOGGER.warn("Application request failed: {}", e.getClass().getName());
                    answer = mhd.outcome(500, OperationOutcome.IssueType.EXCEPTION, "internal error");
                }
                Answer toWrite = answer;
                ctx.executor().execute(() -> write(ctx, toWrite, keepAlive));
            });
        } catch (RejectedExecutionException e) {
            write(ctx, mhd.outcome(503, OperationOutcome.IssueType.TRANSIENT, "busy, try again"), false);
        }
    }

    private Answer answer(String method, String path, Map<String, List<String>> query, Optional<String> contentType, byte[] body,
                          List<X509Certificate> chain, Optional<String> asked, InetAddress client, String base) {
        CertificateLogins.Result login = logins.attempt(PROTOCOL, chain, asked, client);
        return switch (login.outcome()) {
            case SUCCESS -> {
                String mailbox = login.mailbox().orElseThrow();
                if (AppointmentEndpoint.handles(path)) {
                    AppointmentEndpoint.Answer answer = appointments.handle(method, path, query, contentType, body, mailbox, base);
                    yield new Answer(answer.status(), answer.contentType(), answer.body(), answer.headers());
                }
                yield mhd.signedIn(method, path, query, mailbox, base);
            }
            case REVOCATION_UNKNOWN -> withRetry(mhd.outcome(503, OperationOutcome.IssueType.TRANSIENT,
                "the revocation status of the certificate cannot be checked now"));
            case REVOKED -> mhd.outcome(403, OperationOutcome.IssueType.SECURITY, "the certificate or its chain is revoked");
            case NOT_BOUND, NO_CERTIFICATE -> mhd.outcome(403, OperationOutcome.IssueType.SECURITY,
                "the certificate is bound to no active application mailbox" + (asked.isPresent() ? " of that address" : ""));
            case APPLICATION_NOT_REFERENCED -> mhd.outcome(403, OperationOutcome.IssueType.SECURITY, "the application is not referenced");
        };
    }

    private static Answer withRetry(Answer answer) {
        return new Answer(answer.status(), answer.contentType(), answer.body(), Map.of("Retry-After", "300"));
    }

    private static List<X509Certificate> peerChain(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate certificate : tls.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        return chain;
    }

    private static void write(ChannelHandlerContext ctx, Answer answer, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()),
            Unpooled.wrappedBuffer(answer.body()));
        var headers = http.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        headers.set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Strict-Transport-Security", "max-age=31536000");
        answer.headers().forEach(headers::set);
        if (keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(http);
        } else {
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debug("Application connection closed: {}", cause.getClass().getSimpleName());
        ctx.close();
    }
}
