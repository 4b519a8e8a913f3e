package dev.iptriage.webservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A response body read into memory up to a limit: a longer one fails the request instead of filling the heap. */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private BoundedBody(int max) {
        this.max = max;
    }

    /** Bodies of at most {@code max} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(int max) {
        return info -> new BoundedBody(max);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            if (result.isDone()) {
                return;
            }
            if (buf.size() + (long) b.remaining() > max) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(max));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            buf.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(buf.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** The body was longer than allowed: not retried (the next answer would be as long). */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int max) {
            super("an answer larger than " + max + " bytes");
        }
    }
}
