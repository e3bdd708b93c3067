package dev.repbench.runtime.version;

/** Two {@link ComponentVersion}s registered in test resources: one answers, one fails like a missing library. */
public final class FakeComponents {

    private FakeComponents() {}

    /** Answers. */
    public static final class Working implements ComponentVersion {
        @Override
        public String component() {
            return "fake-torch";
        }

        @Override
        public String version() {
            return "9.9.9 (cpu)";
        }
    }

    /** Fails as a component whose native library is absent would. */
    public static final class Missing implements ComponentVersion {
        @Override
        public String component() {
            return "fake-ort";
        }

        @Override
        public String version() {
            throw new UnsatisfiedLinkError("libfake_ort.so: cannot open shared object file");
        }
    }
}
