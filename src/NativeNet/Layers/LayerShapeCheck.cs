using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>The input and gradient shape checks every layer makes, with messages naming the layer and both shapes.</summary>
internal static class LayerShapeCheck
{
    /// <summary>The layer as error messages name it: <c>fc1 (Linear(4 → 3))</c>, or just its description when unnamed.</summary>
    public static string Describe<T>(Layer<T> layer) where T : unmanaged, IFloatingPointIeee754<T> =>
        string.IsNullOrEmpty(layer.Name) ? layer.ToString() : $"{layer.Name} ({layer})";

    /// <summary>Requires a batch (rank ≥ 2) whose samples hold exactly <paramref name="features"/> values.</summary>
    public static void EnsureFeatures<T>(Layer<T> layer, ReadOnlySpan<int> shape, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (shape.Length >= 2 && SampleLength(shape) == features) return;
        throw new ArgumentException(
            $"{Describe(layer)}: expected input shape (N, {features}) (or (N, ...) with {features} values per sample), " +
            $"got {NdArray<T>.FormatShape(shape)}.", "input");
    }

    /// <summary>Requires a batch: rank ≥ 2 (axis 0 is the batch).</summary>
    public static void EnsureBatch<T>(Layer<T> layer, ReadOnlySpan<int> shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (shape.Length >= 2) return;
        throw new ArgumentException(
            $"{Describe(layer)}: expected a batch of rank ≥ 2 with the batch on axis 0, got {NdArray<T>.FormatShape(shape)}.", "input");
    }

    /// <summary>Requires the upstream gradient to have the shape of the last output, and a forward before it.</summary>
    public static void EnsureGradient<T>(Layer<T> layer, NdArray<T>? output, NdArray<T> gradOutput)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (output is null)
            throw new InvalidOperationException($"{Describe(layer)}: Backward was called before Forward.");
        if (!gradOutput.HasShape(output.Shape))
            throw new ArgumentException(
                $"{Describe(layer)}: expected an output gradient of shape {output.ShapeString} (the last output), got {gradOutput.ShapeString}.",
                nameof(gradOutput));
    }

    /// <summary>The product of all axes but the first.</summary>
    public static int SampleLength(ReadOnlySpan<int> shape)
    {
        int p = 1;
        for (int i = 1; i < shape.Length; i++) p *= shape[i];
        return p;
    }
}
