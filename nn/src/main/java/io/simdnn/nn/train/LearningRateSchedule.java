package io.simdnn.nn.train;

import java.util.Locale;

/**
 * Learning rate per epoch: constant, exponential decay ({@code lr * decay^epoch}), or cosine
 * annealing from lr to 0 over the planned epochs.
 */
public record LearningRateSchedule(Kind kind, float initial, float decay, int epochs) {
    public enum Kind { CONSTANT, EXPONENTIAL, COSINE }

    public LearningRateSchedule {
        if (!(initial > 0) || !Float.isFinite(initial)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + initial);
        }
        if (kind == Kind.EXPONENTIAL && !(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("learning-rate decay per epoch must be in (0, 1], got " + decay);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("schedule needs >= 1 epoch, got " + epochs);
        }
    }

    public float at(int epoch) {
        return switch (kind) {
            case CONSTANT -> initial;
            case EXPONENTIAL -> (float) (initial * Math.pow(decay, epoch));
            case COSINE -> (float) (initial * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs)));
        };
    }

    public static Kind parseKind(String name) {
        try {
            return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown schedule '" + name + "' (constant, exponential, cosine)");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CONSTANT -> "lr=" + initial;
            case EXPONENTIAL -> "lr=" + initial + " x " + decay + "^epoch";
            case COSINE -> "lr=" + initial + " cosine over " + epochs + " epochs";
        };
    }
}
