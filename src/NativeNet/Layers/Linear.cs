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
[Layer("linear")]
public sealed partial class Linear<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ActivationBuffer<T> _output = new();
    private readonly ActivationBuffer<T> _gradInput = new();
    private readonly ActivationBuffer<T> _gradPreActivation = new();
    private readonly ActivationBuffer<T> _preActivation = new();
    private NdArray<T>? _input;
    private NdArray<T>? _lastOutput;
    private NdArray<T>? _lastPreActivation;

    /// <summary>Creates the layer and draws its initial values from <paramref name="rng"/>.</summary>
    /// <param name="inFeatures">Values per input sample (D).</param>
    /// <param name="outFeatures">Values per output sample (M).</param>
    /// <param name="rng">Source of the initial weights (and bias, with the default initialization).</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <param name="weightScale">
    /// When positive, weights ~ normal(0, weightScale²) and bias = 0 (the classic <c>weight_scale</c>); when 0 (the
    /// default), PyTorch's uniform(±1/√in) for both. Other schemes: an <c>Initializer</c> applied afterwards.
    /// </param>
    /// <param name="activation">
    /// An elementwise activation applied to the affine output inside the GEMM epilogue (see <see cref="Activation"/>);
    /// the layer then stands for Linear followed by that activation layer, with one pass fewer over the output in each
    /// direction. Null for none.
    /// </param>
    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true, double weightScale = 0, ElementwiseLayer<T>? activation = null)
    {
        Activation = activation;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(weightScale >= 0) || !double.IsFinite(weightScale))
            throw new ArgumentOutOfRangeException(nameof(weightScale), weightScale, "The weight scale must be finite and ≥ 0 (0 selects the default initialization).");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        WeightScale = weightScale;
        Weight = new Parameter<T>("weight", new NdArray<T>(inFeatures, outFeatures), isWeight: true);
        Bias = bias ? new Parameter<T>("bias", new NdArray<T>(outFeatures), isWeight: false) : null;
        if (weightScale > 0)
        {
            rng.FillNormal(Weight.Value.Span, T.Zero, T.CreateChecked(weightScale));
        }
        else
        {
            T bound = T.CreateChecked(1.0 / Math.Sqrt(inFeatures));
            rng.FillUniform(Weight.Value.Span, -bound, bound);
            if (Bias is not null) rng.FillUniform(Bias.Value.Span, -bound, bound);
        }
    }

    /// <summary>Values per input sample.</summary>
    public int InFeatures { get; }

    /// <summary>Values per output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>The <c>weightScale</c> the layer was created with (it only chose the initial values; 0 is the default initialization).</summary>
    public double WeightScale { get; }

    /// <summary>
    /// The activation fused into this layer: Y = f(X·W + b), computed in the GEMM epilogue while each tile of Y is in
    /// cache, and back-propagated through f′ before the weight products (f′ of Y, or of the pre-activation X·W + b that
    /// the epilogue then keeps, as the activation's derivative needs). Null for a plain affine layer.
    /// </summary>
    public ElementwiseLayer<T>? Activation { get; }

    /// <summary>The weight, shape (in_features, out_features).</summary>
    [Parameter]
    public Parameter<T> Weight { get; }

    /// <summary>The bias, shape (out_features,), or null for a layer without bias.</summary>
    [Parameter]
    public Parameter<T>? Bias { get; }

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

    /// <summary>A copy of the weight in PyTorch's (out_features, in_features) layout, the inverse of <see cref="LoadPyTorchWeight"/>.</summary>
    public NdArray<T> PyTorchWeight()
    {
        var result = new NdArray<T>(OutFeatures, InFeatures);
        ReadOnlySpan<T> source = Weight.Value.Span;
        Span<T> target = result.Span;
        for (int i = 0; i < InFeatures; i++)
            for (int o = 0; o < OutFeatures; o++)
                target[o * InFeatures + i] = source[i * OutFeatures + o];
        return result;
    }

    /// <inheritdoc/>
    public override unsafe NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        LayerShapeCheck.EnsureFeatures(this, input.Shape, InFeatures);
        int n = input.Rows;
        var output = _output.Get(n, OutFeatures);
        var preActivation = Activation is { BackwardReadsOutput: false } ? _preActivation.Get(n, OutFeatures) : null;
        // Bias and activation are applied to each tile of Y while it is still in cache, not in extra passes over Y.
        var epilogue = new BiasActivationEpilogue<T>(Bias is null ? null : Bias.Value.Pointer, Bias is null ? 0 : OutFeatures, Activation,
            preActivation is null ? null : preActivation.Pointer, OutFeatures);
        Gemm.Multiply(false, false, n, OutFeatures, InFeatures, T.One, input.Span, InFeatures,
            Weight.Value.Span, OutFeatures, T.Zero, output.Span, OutFeatures, ref epilogue);
        _input = input;
        _lastOutput = output;
        _lastPreActivation = preActivation;
        return output;
    }

    internal override bool CanInfer => true;

    // A predictor's own packed copy of the weights, for the batches the GEMM computes on packed panels; a layer too
    // narrow for that path (n within the small path's limit) never reads one.
    internal override object? CreateInferenceState()
        => OutFeatures > GemmSettings.SmallPathMaxDim ? new PackedMatrix<T>(Weight.Value.Span, InFeatures, OutFeatures, OutFeatures) : null;

    // The same GEMM and epilogue as Forward (without the pre-activation copy, which only backward reads), with B read
    // from the predictor's packed weights where the product is packed: the same bits, without packing per call.
    internal override unsafe void Infer(ReadOnlySpan<T> input, int rows, Span<T> output, Span<T> scratch, object? state)
    {
        var epilogue = new BiasActivationEpilogue<T>(Bias is null ? null : Bias.Value.Pointer, Bias is null ? 0 : OutFeatures, Activation);
        if (state is PackedMatrix<T> packed)
            Gemm.Multiply(rows, input, Weight.Value.Span, packed, output, ref epilogue);
        else
            Gemm.Multiply(false, false, rows, OutFeatures, InFeatures, T.One, input, InFeatures,
                Weight.Value.Span, OutFeatures, T.Zero, output, OutFeatures, ref epilogue);
    }

    /// <inheritdoc/>
    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        var input = _input!;
        var dz = PreActivationGradient(gradOutput);
        var gradInput = _gradInput.Get(input.Shape);
        Gemm.Multiply(false, true, input.Rows, InFeatures, OutFeatures, T.One, dz, OutFeatures,
            Weight.Value.Span, OutFeatures, T.Zero, gradInput.Span, InFeatures);
        AccumulateParameterGradients(input, dz);
        return gradInput;
    }

    /// <summary>dW += Xᵀ·dZ and db += column sums of dZ (dZ = dY·f′), without dX (the input needs no gradient).</summary>
    public override void BackwardParametersOnly(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        AccumulateParameterGradients(_input!, PreActivationGradient(gradOutput));
    }

    // dL/d(X·W + b): dY itself without an activation, else dY·f′ from the saved output or pre-activation.
    private ReadOnlySpan<T> PreActivationGradient(NdArray<T> gradOutput)
    {
        if (Activation is null) return gradOutput.Span;
        var dz = _gradPreActivation.Get(gradOutput.Shape).Span;
        Activation.Gradient((Activation.BackwardReadsOutput ? _lastOutput! : _lastPreActivation!).Span, gradOutput.Span, dz);
        return dz;
    }

    /// <inheritdoc/>
    public override bool CanAssignParameterGradients => true;

    // dW (+)= Xᵀ·dY, db (+)= Σ dY: assigned when AssignParameterGradients is set (β = 0 never reads the old dW).
    private void AccumulateParameterGradients(NdArray<T> input, ReadOnlySpan<T> dy)
    {
        int n = input.Rows;
        bool assign = AssignParameterGradients;
        AssignParameterGradients = false;
        Gemm.Multiply(true, false, InFeatures, OutFeatures, n, T.One, input.Span, InFeatures,
            dy, OutFeatures, assign ? T.Zero : T.One, Weight.Grad.Span, OutFeatures);
        if (Bias is not null)
        {
            Span<T> db = Bias.Grad.Span;
            if (assign) db.Clear();
            for (int r = 0; r < n; r++) TensorPrimitives.Add(db, dy.Slice(r * OutFeatures, OutFeatures), db);
        }
    }

    /// <inheritdoc/>
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        LayerShapeCheck.EnsureFeatures(this, inputShape, InFeatures);
        return [inputShape[0], OutFeatures];
    }

    /// <summary>The small instance the generated gradient-check test builds.</summary>
    [GradientCheck(4, 5)]
    public static Linear<T> ForGradientCheck(Rng rng) => new(5, 3, rng);

    /// <inheritdoc/>
    public override string ToString() =>
        $"Linear({InFeatures} → {OutFeatures}{(Bias is null ? ", no bias" : "")}{(Activation is null ? "" : ", " + Activation)})";
}
