package io.simdnn.kernels.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

/** The softmax's own e^x for x <= 0 against Math.exp. */
class SoftmaxKernelTest {
    /**
     * Where e^x is a normal float the polynomial is within 4 ulps (range reduction, six FMAs and
     * the final scaling each round once); below the underflow threshold the result is 0.
     */
    @Property(tries = 300)
    void expOfNonPositiveInputsIsWithinFourUlps(@ForAll @FloatRange(min = -100f, max = 0f) float x) {
        float actual = SoftmaxKernel.expNonPositive(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, x)).lane(0);
        double expected = Math.exp(x);
        if (expected < 0x1p-126) {
            assertEquals(0f, actual, "e^" + x + " underflows to 0");
        } else {
            assertTrue(Math.abs(actual - expected) <= 4 * Math.ulp((float) expected), "e^" + x + " = " + actual + ", Math.exp " + expected);
        }
    }

    /** The stated bound on a dense grid: every reduced argument r the polynomial sees, in every binade used. */
    @Test
    void expIsWithinFourUlpsOnADenseGrid() {
        double worst = 0;
        for (int i = 0; i <= 400_000; i++) {
            float x = (float) (-87.3 * i / 400_000);
            float actual = SoftmaxKernel.expNonPositive(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, x)).lane(0);
            double expected = Math.exp(x);
            worst = Math.max(worst, Math.abs(actual - expected) / Math.ulp((float) expected));
        }
        assertTrue(worst <= 4, "worst error " + worst + " ulps");
    }

    @Test
    void exactPointsAndLimits() {
        float[] inputs = {0f, -0f, -1e-30f, -87.3f, -87.4f, -1e30f, Float.NEGATIVE_INFINITY};
        for (float x : inputs) {
            float actual = SoftmaxKernel.expNonPositive(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, x)).lane(0);
            double expected = Math.exp(x);
            double tolerance = expected < 0x1p-126 ? 0 : 4 * Math.ulp((float) expected);
            assertEquals(expected < 0x1p-126 ? 0 : expected, actual, tolerance, "e^" + x);
        }
    }
}
