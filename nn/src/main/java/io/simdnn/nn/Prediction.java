package io.simdnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a model says about one sample: the probability of every class (the softmax of its
 * outputs) and the predicted class, the one with the largest output (the first of equal ones,
 * as in evaluation).
 *
 * @param predicted     index of the predicted class, in {@code [0, classNames.size())}
 * @param probabilities one probability per class, in class order; they sum to 1 within float rounding
 * @param classNames    the model's class names, in class order
 */
public record Prediction(int predicted, float[] probabilities, List<String> classNames) {
    /**
     * One class and its probability, an entry of {@link #top}.
     *
     * @param index       the class index
     * @param className   the class name
     * @param probability the model's probability for the class
     */
    public record ClassProbability(int index, String className, float probability) {}

    /**
     * Checks that there is one probability per class name and that {@code predicted} names one of
     * them; keeps copies of the array and the list.
     *
     * @throws IllegalArgumentException if the lengths differ or {@code predicted} is out of range
     */
    public Prediction {
        if (probabilities.length != classNames.size() || probabilities.length == 0) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + classNames.size() + " classes");
        }
        if (predicted < 0 || predicted >= probabilities.length) {
            throw new IllegalArgumentException("predicted class " + predicted + " is outside [0, " + probabilities.length + ")");
        }
        probabilities = probabilities.clone();
        classNames = List.copyOf(classNames);
    }

    /**
     * The probabilities, one per class in class order.
     *
     * @return a copy
     */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /**
     * The name of the predicted class.
     *
     * @return {@code classNames().get(predicted())}
     */
    public String className() {
        return classNames.get(predicted);
    }

    /**
     * The probability of the predicted class.
     *
     * @return {@code probabilities()[predicted()]}
     */
    public float probability() {
        return probabilities[predicted];
    }

    /**
     * The {@code k} most probable classes, most probable first; the predicted class comes first
     * among equal probabilities, then lower indices. A {@code k} above the number of classes gives
     * every class.
     *
     * @param k how many classes, at least 1
     * @return the classes and their probabilities, most probable first
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public List<ClassProbability> top(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top k must be >= 1, got " + k);
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            order.add(c);
        }
        order.sort(Comparator.<Integer>comparingDouble(c -> -probabilities[c])
                .thenComparing(c -> c != predicted)
                .thenComparingInt(c -> c));
        List<ClassProbability> top = new ArrayList<>();
        for (int c : order.subList(0, Math.min(k, order.size()))) {
            top.add(new ClassProbability(c, classNames.get(c), probabilities[c]));
        }
        return List.copyOf(top);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Prediction p && p.predicted == predicted && Arrays.equals(p.probabilities, probabilities)
                && p.classNames.equals(classNames);
    }

    @Override
    public int hashCode() {
        return (31 * predicted + Arrays.hashCode(probabilities)) * 31 + classNames.hashCode();
    }

    @Override
    public String toString() {
        return className() + " (" + probability() + ")";
    }
}
