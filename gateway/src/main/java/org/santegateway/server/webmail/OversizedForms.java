package org.santegateway.server.webmail;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.netty.handler.codec.http.multipart.MemoryFileUpload;
import io.netty.util.ReferenceCountUtil;

/**
 * A multipart form larger than the aggregation limit (the upload limit and 1 MB for the text) is decoded as it
 * streams rather than refused whole: its text fields are kept, the bytes of its files are released as they come
 * (never held in memory, never written to disk: {@link DiscardingFiles}), and the pages receive the fields with
 * {@link WebRequest#OVER_LIMIT} set, so that they answer with the form, the typed text and the limit. A
 * body beyond {@code ceiling} still gets the French 413 page and the connection closed: nobody streams forever.
 * Smaller requests pass through untouched to the aggregator.
 */
final class OversizedForms extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = LoggerFactory.getLogger(OversizedForms.class);
    private static final int MAX_FIELD_BYTES = 1_000_000;
    private static final int MAX_FIELDS_BYTES = 2_000_000;
    /** A form whose first part has not begun after this many bytes is not a form (its bytes would pile up unread). */
    private static final int FIRST_PART_WITHIN = 256 * 1024;


    private final long aggregationLimit;
    private final long ceiling;
    private final Runnable tooLarge;
    /** Marks a request whose page is written, its body still arriving. */
    private static final HttpRequest DISCARDED = new io.netty.handler.codec.http.DefaultHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
        HttpMethod.POST, "/");
    private HttpRequest streamed;
    private HttpPostRequestDecoder decoder;
    private final List<String[]> fields = new ArrayList<>();
    private long received;
    private long fieldBytes;
    private boolean discarding;
    private boolean partSeen;

    /**
     * @param aggregationLimit the largest body the aggregator takes
     * @param ceiling          the largest body streamed; beyond, the 413 page
     * @param tooLarge         writes the 413 page
     */
    OversizedForms(long aggregationLimit, long ceiling, Runnable tooLarge) {
        this.aggregationLimit = aggregationLimit;
        this.ceiling = ceiling;
        this.tooLarge = tooLarge;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request && !(message instanceof FullHttpRequest)) {
            reset();
            discarding = false;
            if (oversizedForm(request)) {
                try {
                    decoder = new HttpPostRequestDecoder(new DiscardingFiles(), request, StandardCharsets.UTF_8);
                } catch (RuntimeException e) {
                    ctx.fireChannelRead(message);
                    return;
                }
                streamed = request;
                if (HttpUtil.is100ContinueExpected(request)) {
                    ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpResponse(request.protocolVersion(),
                        io.netty.handler.codec.http.HttpResponseStatus.CONTINUE));
                }
                ReferenceCountUtil.release(message);
                return;
            }
            ctx.fireChannelRead(message);
            return;
        }
        if (streamed == null || !(message instanceof HttpContent content)) {
            ctx.fireChannelRead(message);
            return;
        }
        try {
            received += content.content().readableBytes();
            if (discarding) {
                // The page is written; the rest of the body is read and dropped, up to a bound, so that the client reads it.
                if (received > 2 * ceiling) {
                    ctx.close();
                }
                if (content instanceof LastHttpContent) {
                    discarding = false;
                    streamed = null;
                }
                return;
            }
            if (received > ceiling) {
                tooLargeNow();
                return;
            }
            decoder.offer(content);
            drain();
            partSeen |= decoder.currentPartialHttpData() != null;
            if (!partSeen && received > FIRST_PART_WITHIN) {
                tooLargeNow();
                return;
            }
            if (content instanceof LastHttpContent) {
                FullHttpRequest form = form();
                reset();
                ctx.fireChannelRead(form);
            }
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | IOException e) {
            LOGGER.debug("Undecodable streamed form: {}", e.getClass().getSimpleName());
            tooLargeNow();
        } finally {
            ReferenceCountUtil.release(content);
        }
    }

    private void tooLargeNow() {
        long sofar = received;
        reset();
        received = sofar;
        discarding = true;
        streamed = DISCARDED;
        tooLarge.run();
    }

    private boolean oversizedForm(HttpRequest request) {
        if (!request.method().equals(HttpMethod.POST)) {
            return false;
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
        long length = HttpUtil.getContentLength(request, -1L);
        return type.startsWith("multipart/form-data") && (length > aggregationLimit || length < 0 && HttpUtil.isTransferEncodingChunked(request));
    }

    /** Takes the completed parts: a field kept (bounded), a file dropped. */
    private void drain() throws IOException {
        try {
            while (decoder.hasNext()) {
                InterfaceHttpData data = decoder.next();
                partSeen = true;
                try {
                    if (data instanceof Attribute attribute && attribute.length() <= MAX_FIELD_BYTES && fieldBytes + attribute.length() <= MAX_FIELDS_BYTES) {
                        fieldBytes += attribute.length();
                        // Netty 4.1.86 may leave the CR of the CRLF before a boundary split across two chunks at the end of a
                        // value (netty/netty#12729): a browser's field never ends with a lone CR.
                        String value = attribute.getValue();
                        fields.add(new String[] {attribute.getName(), value.endsWith("\r") ? value.substring(0, value.length() - 1) : value});
                    }
                } finally {
                    decoder.removeHttpDataFromClean(data);
                    data.release();
                }
            }
        } catch (HttpPostRequestDecoder.EndOfDataDecoderException end) {
            // every part taken
        }
    }

    /** The fields as a small urlencoded form, marked over the limit, on the request's line and headers. */
    private FullHttpRequest form() {
        QueryStringEncoder encoder = new QueryStringEncoder("", StandardCharsets.UTF_8);
        for (String[] field : fields) {
            encoder.addParam(field[0], field[1]);
        }
        encoder.addParam(WebRequest.OVER_LIMIT, "1");
        byte[] body = encoder.toString().substring(1).getBytes(StandardCharsets.US_ASCII);
        FullHttpRequest form = new DefaultFullHttpRequest(streamed.protocolVersion(), streamed.method(), streamed.uri(), Unpooled.wrappedBuffer(body));
        form.headers().set(streamed.headers());
        form.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        form.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED);
        form.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return form;
    }

    private void reset() {
        if (decoder != null) {
            decoder.destroy();
            decoder = null;
        }
        streamed = null;
        fields.clear();
        received = 0;
        fieldBytes = 0;
        partSeen = false;
    }

    /**
     * Where the decoder puts the parts: text fields in memory, each refused beyond {@value #MAX_FIELD_BYTES} bytes (the
     * decoder then fails, and the request gets the 413 page); files nowhere: their bytes are released as they come,
     * neither held in memory nor written to disk (they are health data).
     */
    private static final class DiscardingFiles extends DefaultHttpDataFactory {
        DiscardingFiles() {
            super(false, StandardCharsets.UTF_8);
            setMaxLimit(MAX_FIELD_BYTES);
        }

        @Override
        public FileUpload createFileUpload(HttpRequest request, String name, String filename, String contentType, String transferEncoding,
                                           Charset charset, long size) {
            return new MemoryFileUpload(name, filename, contentType, transferEncoding, charset, 0) {
                @Override
                public void addContent(ByteBuf buffer, boolean last) throws IOException {
                    buffer.release();
                    super.addContent(Unpooled.EMPTY_BUFFER, last);
                }
            };
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reset();
        super.channelInactive(ctx);
    }
}
