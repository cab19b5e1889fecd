using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// A layer that applies one function to every element, y = f(x): the base of every <see cref="ElementwiseAttribute"/>
/// activation the generator writes (see <see cref="ElementwiseLayer{T, TFunction, TDerivative}"/>). Besides being a
/// layer of its own, it can be fused into the layer before it: <see cref="Linear{T}"/> applies it in its GEMM
/// epilogue and <see cref="BatchNorm{T}"/> in its normalize pass, while the output is still in cache, and both
/// back-propagate through it in the pass that already reads the gradient.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class ElementwiseLayer<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ActivationBuffer<T> _output = new();
    private readonly ActivationBuffer<T> _gradInput = new();
    private NdArray<T>? _saved;

    // Only the generic subclass below implements the kernels.
    private protected ElementwiseLayer(bool backwardReadsOutput) => BackwardReadsOutput = backwardReadsOutput;

    /// <summary>
    /// Whether the derivative is computed from the output y (σ′ = σ(1 − σ), tanh′ = 1 − t²) rather than the input x,
    /// so that a layer fusing this function needs to keep only its output.
    /// </summary>
    public bool BackwardReadsOutput { get; }

    /// <inheritdoc/>
    public sealed override NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = _output.Get(input.Shape);
        Apply(ref input.GetPinnableReference(), ref output.GetPinnableReference(), (nuint)input.Length);
        _saved = BackwardReadsOutput ? output : input;
        return output;
    }

    internal override bool CanInfer => true;

    internal override void Infer(ReadOnlySpan<T> input, int rows, Span<T> output, Span<T> scratch, object? state) =>
        Apply(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(output), (nuint)input.Length);

    /// <inheritdoc/>
    public sealed override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var saved = _saved ?? throw new InvalidOperationException($"{this}: Backward called before Forward.");
        if (!saved.HasShape(gradOutput.Shape))
            saved.EnsureSameShape(gradOutput, $"{this}.Backward (forward {(BackwardReadsOutput ? "output" : "input")} vs gradOutput)");
        var gradInput = _gradInput.Get(saved.Shape);
        Gradient(saved.Span, gradOutput.Span, gradInput.Span);
        return gradInput;
    }

    /// <inheritdoc/>
    public sealed override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();

    /// <summary>
    /// y = f(x + b) over <paramref name="rows"/> rows of <paramref name="columns"/> values (row strides in elements);
    /// the per-column <paramref name="bias"/> (or a null reference for none) is added first, and x + b is kept in
    /// <paramref name="preActivation"/> unless that is a null reference. <paramref name="y"/> may be <paramref name="x"/>.
    /// One call covers a whole GEMM tile or array, so the width is chosen once for all its rows.
    /// </summary>
    internal abstract void Apply(ref T x, nuint xStride, ref T bias, ref T preActivation, nuint preActivationStride,
        ref T y, nuint yStride, nuint rows, nuint columns);

    /// <summary>y = f(x) for <paramref name="n"/> contiguous elements, without bias or kept pre-activation; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    internal void Apply(ref T x, ref T y, nuint n) =>
        Apply(ref x, n, ref Unsafe.NullRef<T>(), ref Unsafe.NullRef<T>(), 0, ref y, n, 1, n);

    /// <summary>dx = dy·f′ from what the forward pass saved (y if <see cref="BackwardReadsOutput"/>, else x); <paramref name="dx"/> may be <paramref name="dy"/>.</summary>
    internal abstract void Gradient(ReadOnlySpan<T> saved, ReadOnlySpan<T> dy, Span<T> dx);
}
