using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Kernels;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// Fully connected (affine) layer: Y = X·W + b, with the input of any rank read as N×D (D = <see cref="InFeatures"/>).
/// </summary>
/// <remarks>
/// <para>
/// Weight layout: <see cref="Weight"/> is (in_features, out_features), row-major — the cs231n layout, so forward is
/// X·W and backward is dX = dY·Wᵀ, dW += Xᵀ·dY, db += column sums of dY, all through <see cref="Gemm"/> with transpose
/// flags and never a transposed copy. PyTorch stores (out_features, in_features): use <see cref="LoadPyTorchWeight"/>.
/// </para>
/// <para>
/// Default initialization is PyTorch's: weight and bias uniform in [−1/√in, 1/√in) (Kaiming-uniform with a = √5).
/// With a <c>weightScale</c>, weights are normal(0, weightScale²) and the bias zero (the cs231n convention).
/// Either way the values are plain <see cref="Parameter{T}"/> tensors that any initializer may overwrite.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Linear<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] _parameters;
    private readonly ActivationBuffer<T> _output = new();
    private readonly ActivationBuffer<T> _gradInput = new();
    private NdArray<T>? _input;
    private NdArray<T>? _lastOutput;

    /// <summary>Creates the layer and draws its initial values from <paramref name="rng"/>.</summary>
    /// <param name="inFeatures">Values per input sample (D).</param>
    /// <param name="outFeatures">Values per output sample (M).</param>
    /// <param name="rng">Source of the initial weights (and bias, with the default initialization).</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <param name="weightScale">When given, weights ~ normal(0, weightScale²) and bias = 0; otherwise PyTorch's uniform(±1/√in).</param>
    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true, double? weightScale = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        ArgumentNullException.ThrowIfNull(rng);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter<T>("weight", new NdArray<T>(inFeatures, outFeatures), isWeight: true);
        Bias = bias ? new Parameter<T>("bias", new NdArray<T>(outFeatures), isWeight: false) : null;
        if (weightScale is double scale)
        {
            rng.FillNormal(Weight.Value.Span, T.Zero, T.CreateChecked(scale));
        }
        else
        {
            T bound = T.CreateChecked(1.0 / Math.Sqrt(inFeatures));
            rng.FillUniform(Weight.Value.Span, -bound, bound);
            if (Bias is not null) rng.FillUniform(Bias.Value.Span, -bound, bound);
        }
        _parameters = Bias is null ? [Weight] : [Weight, Bias];
    }

    /// <summary>Values per input sample.</summary>
    public int InFeatures { get; }

    /// <summary>Values per output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight, shape (in_features, out_features).</summary>
    public Parameter<T> Weight { get; }

    /// <summary>The bias, shape (out_features,), or null for a layer without bias.</summary>
    public Parameter<T>? Bias { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>
    /// Loads PyTorch-layout values: <paramref name="weightOutIn"/> is (out_features, in_features) and is copied transposed
    /// once, here; <paramref name="bias"/> is (out_features,), or null to zero the bias.
    /// </summary>
    /// <exception cref="ArgumentException">A shape does not match, or a bias is given to a layer without one.</exception>
    public void LoadPyTorchWeight(NdArray<T> weightOutIn, NdArray<T>? bias)
    {
        ArgumentNullException.ThrowIfNull(weightOutIn);
        if (!weightOutIn.HasShape(OutFeatures, InFeatures))
            throw new ArgumentException(
                $"{LayerShapeCheck.Describe(this)}: a PyTorch weight must be (out_features, in_features) = ({OutFeatures}, {InFeatures}), got {weightOutIn.ShapeString}.",
                nameof(weightOutIn));
        if (bias is not null && Bias is null)
            throw new ArgumentException($"{LayerShapeCheck.Describe(this)}: the layer has no bias, but a bias {bias.ShapeString} was given.", nameof(bias));
        if (bias is not null && !bias.HasShape(OutFeatures))
            throw new ArgumentException($"{LayerShapeCheck.Describe(this)}: the bias must be ({OutFeatures},), got {bias.ShapeString}.", nameof(bias));
        ReadOnlySpan<T> source = weightOutIn.Span;
        Span<T> target = Weight.Value.Span;
        for (int o = 0; o < OutFeatures; o++)
            for (int i = 0; i < InFeatures; i++)
                target[i * OutFeatures + o] = source[o * InFeatures + i];
        if (Bias is not null)
        {
            if (bias is null) Bias.Value.Clear();
            else bias.CopyTo(Bias.Value);
        }
    }

    /// <inheritdoc/>
    public override NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        LayerShapeCheck.EnsureFeatures(this, input.Shape, InFeatures);
        int n = input.Rows;
        var output = _output.Get(n, OutFeatures);
        if (Bias is null)
        {
            Gemm.Multiply(false, false, n, OutFeatures, InFeatures, T.One, input.Span, InFeatures,
                Weight.Value.Span, OutFeatures, T.Zero, output.Span, OutFeatures);
        }
        else
        {
            // The bias is added to each tile of Y while it is still in cache, instead of in a second pass over Y.
            var epilogue = new BiasAddEpilogue<T>(Bias.Value);
            Gemm.Multiply(false, false, n, OutFeatures, InFeatures, T.One, input.Span, InFeatures,
                Weight.Value.Span, OutFeatures, T.Zero, output.Span, OutFeatures, ref epilogue);
        }
        _input = input;
        _lastOutput = output;
        return output;
    }

    /// <inheritdoc/>
    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        var input = _input!;
        var gradInput = _gradInput.Get(input.Shape);
        Gemm.Multiply(false, true, input.Rows, InFeatures, OutFeatures, T.One, gradOutput.Span, OutFeatures,
            Weight.Value.Span, OutFeatures, T.Zero, gradInput.Span, InFeatures);
        AccumulateParameterGradients(input, gradOutput.Span);
        return gradInput;
    }

    /// <summary>dW += Xᵀ·dY and db += column sums of dY, without dX = dY·Wᵀ (the input needs no gradient).</summary>
    public override void BackwardParametersOnly(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        AccumulateParameterGradients(_input!, gradOutput.Span);
    }

    private void AccumulateParameterGradients(NdArray<T> input, ReadOnlySpan<T> dy)
    {
        int n = input.Rows;
        Gemm.Multiply(true, false, InFeatures, OutFeatures, n, T.One, input.Span, InFeatures,
            dy, OutFeatures, T.One, Weight.Grad.Span, OutFeatures);
        if (Bias is not null)
        {
            Span<T> db = Bias.Grad.Span;
            for (int r = 0; r < n; r++) TensorPrimitives.Add(db, dy.Slice(r * OutFeatures, OutFeatures), db);
        }
    }

    /// <inheritdoc/>
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        LayerShapeCheck.EnsureFeatures(this, inputShape, InFeatures);
        return [inputShape[0], OutFeatures];
    }

    /// <inheritdoc/>
    public override string ToString() => $"Linear({InFeatures} → {OutFeatures}{(Bias is null ? ", no bias" : "")})";
}
