package dev.caretaker.pipeline;

/**
 * One step every invocation passes: it may answer itself (deny, wait for confirmation) or hand on to
 * the rest of the chain and look at what came back.
 */
@FunctionalInterface
public interface Interceptor {

    Outcome apply(Invocation invocation, Chain chain);

    /** The rest of the chain after an interceptor. */
    @FunctionalInterface
    interface Chain {
        Outcome proceed(Invocation invocation);
    }

    /** Runs {@code interceptors} in order, ending in {@code last}. */
    static Chain compose(java.util.List<Interceptor> interceptors, Chain last) {
        Chain chain = last;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            Interceptor interceptor = interceptors.get(i);
            Chain next = chain;
            chain = invocation -> interceptor.apply(invocation, next);
        }
        return chain;
    }
}
