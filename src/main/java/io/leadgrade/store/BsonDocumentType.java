package io.leadgrade.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Keeps a stored document as its BSON bytes, the form it arrived in over the wire, instead of H2's default of a Java
 * serialisation of the server's {@link Document}: about a third of the bytes, and none of {@code ObjectOutputStream}'s
 * allocation (most of what the application allocated under load, docs/benchmarks.md). The server's own encoder and
 * decoder do the work, so every type the wire carries round-trips.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    static final BsonDocumentType INSTANCE = new BsonDocumentType();

    /** One encoding buffer per thread: pages are written by the committing thread, many documents in a row. */
    private static final ThreadLocal<ByteBuf> BUFFER = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    private BsonDocumentType() {}

    @Override
    public void write(WriteBuffer out, Document document) {
        ByteBuf buffer = BUFFER.get();
        buffer.clear();
        BsonEncoder.encodeDocument(document, buffer);
        out.put(buffer.array(), buffer.arrayOffset() + buffer.readerIndex(), buffer.readableBytes());
        if (buffer.capacity() > 1 << 20) {
            BUFFER.remove(); // one large document should not pin a large buffer
        }
    }

    @Override
    public Document read(ByteBuffer in) {
        int start = in.position();
        int length = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start);
        ByteBuffer bytes = in.duplicate();
        bytes.limit(start + length);
        Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
        in.position(start + length);
        return document;
    }

    /**
     * A rough size in memory, for the page cache's accounting; H2 samples it (memory estimation), so it need not be
     * exact, only cheap: no encoding.
     */
    @Override
    public int getMemory(Document document) {
        return 48 + estimate(document);
    }

    private static int estimate(Object value) {
        if (value instanceof Map<?, ?> map) {
            int size = 48;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 40 + 2 * String.valueOf(entry.getKey()).length() + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> values) {
            int size = 32;
            for (Object element : values) {
                size += 8 + estimate(element);
            }
            return size;
        }
        if (value instanceof CharSequence text) {
            return 40 + text.length();
        }
        return 24;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
