using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// A differentiable building block: <see cref="Forward"/> maps a batch to a batch and remembers what
/// <see cref="Backward"/> needs; <see cref="Backward"/> maps the gradient of the loss with respect to the output
/// to the gradient with respect to the input, accumulating parameter gradients on the way.
/// </summary>
/// <remarks>
/// The first axis of every input is the batch. A layer may reuse its output and input-gradient buffers between
/// calls of the same shape, so a caller that keeps a result across calls must copy it.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The layer's name in its model (<c>fc1</c>, <c>bn2</c>); qualifies parameter names.</summary>
    public string Name { get; set; } = "";

    /// <summary>Computes the output for a batch; <paramref name="training"/> selects training behaviour (dropout, batch statistics).</summary>
    public abstract NdArray<T> Forward(NdArray<T> input, bool training);

    /// <summary>Given dL/d(output) of the last <see cref="Forward"/>, returns dL/d(input) and adds into parameter gradients.</summary>
    public abstract NdArray<T> Backward(NdArray<T> gradOutput);

    /// <summary>The trainable parameters, in a stable order.</summary>
    public virtual IReadOnlyList<Parameter<T>> Parameters => [];

    /// <summary>
    /// Non-trainable state that defines what the layer computes and that checkpoints must keep, e.g. BatchNorm's
    /// running statistics; named locally (<c>running_mean</c>).
    /// </summary>
    public virtual IReadOnlyList<(string Name, NdArray<T> Value)> Buffers => [];

    /// <summary>
    /// The registry name and constructor arguments that rebuild this layer (model files store it); null for a layer
    /// that is not registered. The layer generator writes it for every <see cref="LayerAttribute"/> and
    /// <see cref="ElementwiseAttribute"/> layer, reading each constructor argument back from the public property or
    /// field of the same name.
    /// </summary>
    public virtual LayerRecipe? Recipe => null;

    /// <summary>The generator a layer draws from in training (dropout masks), saved in checkpoints so a resumed run continues identically; null if none.</summary>
    public virtual Rng? RandomSource => null;

    /// <summary>
    /// Whether this layer honors <see cref="AssignParameterGradients"/>. Layers that only ever add to their parameter
    /// gradients keep the default, false, and are zeroed the ordinary way.
    /// </summary>
    public virtual bool CanAssignParameterGradients => false;

    /// <summary>
    /// When set (on a layer with <see cref="CanAssignParameterGradients"/>), the next backward pass writes the
    /// parameter gradients instead of adding to them — exactly what zeroing them first would give, without the pass
    /// over them that zeroing costs — and then clears the flag. <c>Sequential.ComputeLoss</c> uses it in place of
    /// zeroing the gradients.
    /// </summary>
    public bool AssignParameterGradients { get; set; }

    /// <summary>
    /// Back-propagates into the parameters only, for a layer whose input needs no gradient (a model's first layer):
    /// accumulates exactly the parameter gradients <see cref="Backward"/> would, and may skip computing dL/d(input),
    /// which for a dense first layer is the largest product of the whole backward pass. By default it calls
    /// <see cref="Backward"/> and discards the input gradient.
    /// </summary>
    /// <param name="gradOutput">dL/d(output) of the last forward pass.</param>
    public virtual void BackwardParametersOnly(NdArray<T> gradOutput) => Backward(gradOutput);

    /// <summary>The output shape for an input shape (batch axis included), or an exception naming the layer and shapes.</summary>
    public abstract int[] OutputShape(ReadOnlySpan<int> inputShape);

    /// <summary>
    /// Whether <see cref="Infer"/> is implemented. A predictor runs such layers lock-free; a model with any other layer
    /// is served through its own <see cref="Forward"/> under a lock.
    /// </summary>
    internal virtual bool CanInfer => false;

    /// <summary>Whether the evaluation-mode output is the input itself (dropout, flatten of a row), so a predictor skips the layer.</summary>
    internal virtual bool InferenceIsIdentity => false;

    /// <summary>Values of scratch space <see cref="Infer"/> needs for <paramref name="rows"/> samples, besides its output.</summary>
    internal virtual int InferenceScratchLength(int rows) => 0;

    /// <summary>
    /// What one predictor keeps of this layer besides buffers, made when the predictor is created: a dense layer's
    /// weights packed for the GEMM. Null (the default) when the layer reads its parameters where they are.
    /// </summary>
    internal virtual object? CreateInferenceState() => null;

    /// <summary>
    /// The evaluation-mode forward pass of <paramref name="rows"/> samples stored row by row, into caller-owned
    /// buffers: it reads the layer's parameters and buffers and writes nothing of the layer's own, so any number of
    /// calls may run at once. The result must equal <c>Forward(input, training: false)</c> bit for bit.
    /// <paramref name="state"/> is what <see cref="CreateInferenceState"/> made for the calling predictor.
    /// </summary>
    internal virtual void Infer(ReadOnlySpan<T> input, int rows, Span<T> output, Span<T> scratch, object? state) =>
        throw new NotSupportedException($"{this} has no inference path.");

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ZeroGrad()
    {
        // An indexed loop: foreach over an IReadOnlyList would allocate an enumerator every step.
        var parameters = Parameters;
        for (int i = 0; i < parameters.Count; i++) parameters[i].ZeroGrad();
    }

    /// <summary>The kind of layer and its configuration, e.g. <c>Linear(784 → 128)</c>.</summary>
    public override string ToString() => GetType().Name.Split('`')[0];
}
