using NativeNet.Kernels;
using NativeNet.Losses;
using NativeNet.Tensors;
using NativeNet.Tests.Kernels;

namespace NativeNet.Tests.Losses;

/// <summary>
/// The losses' elementwise parts run on the elementwise engine and their sums are taken in order, so the loss and the
/// gradient have the same bits at every vector width.
/// </summary>
[Collection(nameof(KernelSettingsCollection))]
public class LossWidthTests
{
    private static readonly int[] Widths = [.. new[] { 512, 256, 128, 0 }.Where(w => w <= VectorWidth.HardwareBits)];

    [Fact]
    public void ElementwiseLossesGiveTheSameBitsAtEveryWidth()
    {
        // 7 × 11 elements: whole vectors at every width and a scalar tail; logits large enough to saturate e^(−|x|).
        var rng = new Rng(17);
        var predictions = NdArray<float>.RandomNormal(rng, 0f, 8f, 7, 11);
        predictions.Span[0] = 0f;
        predictions.Span[1] = 40f;
        predictions.Span[2] = -40f;
        var targets = NdArray<float>.RandomUniform(rng, 0f, 1f, 7, 11);
        AssertWidthsAgree(() => new BinaryCrossEntropyWithLogitsLoss<float>().Compute(predictions, targets));
        AssertWidthsAgree(() => new MeanSquaredErrorLoss<float>().Compute(predictions, targets));
    }

    [Fact]
    public void SoftmaxCrossEntropyGivesTheSameBitsAtEveryWidth()
    {
        var rng = new Rng(18);
        var scores = NdArray<float>.RandomNormal(rng, 0f, 5f, 6, 13);
        int[] labels = [0, 12, 3, 7, 5, 11];
        AssertWidthsAgree(() => new SoftmaxCrossEntropyLoss<float>().Compute(scores, labels));
    }

    private static void AssertWidthsAgree(Func<(float Loss, NdArray<float> Gradient)> compute)
    {
        int previous = VectorWidth.MaxBits;
        try
        {
            (float Loss, float[] Gradient)? first = null;
            foreach (int bits in Widths)
            {
                VectorWidth.MaxBits = bits;
                var (loss, gradient) = compute();
                Assert.True(float.IsFinite(loss));
                if (first is null) first = (loss, gradient.Span.ToArray());
                else
                {
                    Assert.Equal(BitConverter.SingleToUInt32Bits(first.Value.Loss), BitConverter.SingleToUInt32Bits(loss));
                    Assert.Equal(first.Value.Gradient, gradient.Span.ToArray());
                }
            }
        }
        finally
        {
            VectorWidth.MaxBits = previous;
        }
    }
}
