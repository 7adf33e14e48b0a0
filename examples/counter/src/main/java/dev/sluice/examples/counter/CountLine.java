package dev.sluice.examples.counter;

/** One output line: a key's running count, tagged with the job build (v1/v2) that counted it. */
record CountLine(long count, String version, long key) {

    static String fileName(long key) {
        return "key-" + key;
    }

    String render() {
        return "count=" + count + " version=" + version + " key=" + key;
    }
}
