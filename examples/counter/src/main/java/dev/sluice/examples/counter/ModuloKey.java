package dev.sluice.examples.counter;

import org.apache.flink.api.java.functions.KeySelector;

/** Spreads the sequence over a fixed number of keys so that every key's count keeps growing. */
final class ModuloKey implements KeySelector<Long, Long> {

    private static final long serialVersionUID = 1L;

    private final int keys;

    ModuloKey(int keys) {
        this.keys = keys;
    }

    @Override
    public Long getKey(Long value) {
        return value % keys;
    }
}
