using System.Globalization;
using System.Numerics;
using System.Text;
using NativeNet.Diagnostics;
using NativeNet.Inference;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Regularization;
using NativeNet.Tensors;

namespace NativeNet.Models;

/// <summary>
/// A stack of layers applied in order: forward through them, backward in reverse, with parameters enumerated under
/// stable qualified names (<c>fc1.weight</c>, <c>bn1.gamma</c>, <c>fc2.bias</c>).
/// </summary>
/// <remarks>
/// <para>
/// A layer added without a name is named by its kind and its index among layers of that kind, counting from 1:
/// <c>fc</c> for <see cref="Linear{T}"/>, <c>bn</c> for <see cref="BatchNorm{T}"/>, <c>ln</c> for
/// <see cref="LayerNorm{T}"/>, and the lower-cased type name otherwise (<c>relu1</c>, <c>dropout1</c>). A name given
/// to <see cref="Add"/>, or already set on the layer, is kept instead. Names must be unique.
/// </para>
/// <para>
/// With <see cref="DetectAnomaly"/> on, every forward output, input gradient and parameter gradient is checked, and
/// the first non-finite one throws an <see cref="AnomalyException"/> naming the layer, the phase and the parameter.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sequential<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Layer<T>> _layers = [];
    private readonly List<Parameter<T>> _parameters = [];
    private readonly Dictionary<string, int> _kindCounts = [];

    /// <summary>Creates a model from layers, in order, naming each as <see cref="Add"/> does.</summary>
    public Sequential(params Layer<T>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>The layers, in forward order.</summary>
    public IReadOnlyList<Layer<T>> Layers => _layers;

    /// <summary>Every trainable parameter, layer by layer in forward order, each under its qualified name.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>Every layer buffer (running statistics) under its qualified name, e.g. <c>bn1.running_mean</c>, in forward order.</summary>
    public IEnumerable<(string Name, NdArray<T> Value)> Buffers
    {
        get
        {
            foreach (var layer in _layers)
                foreach (var (name, value) in layer.Buffers) yield return ($"{layer.Name}.{name}", value);
        }
    }

    /// <summary>
    /// Every tensor that defines what the model computes — the parameters' values, then the buffers — under their
    /// qualified names: what a checkpoint stores and what best-model snapshots copy.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two tensors share a name.</exception>
    public IReadOnlyList<(string Name, NdArray<T> Value)> State()
    {
        var state = new List<(string Name, NdArray<T> Value)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in _parameters) Append(p.Name, p.Value);
        foreach (var (name, value) in Buffers) Append(name, value);
        return state;

        void Append(string name, NdArray<T> value)
        {
            if (!names.Add(name)) throw new InvalidOperationException($"Two model tensors are both named '{name}'.");
            state.Add((name, value));
        }
    }

    /// <summary>The random generators of layers that draw in training (dropout), keyed by layer name, in forward order.</summary>
    public IEnumerable<(string Name, Rng Rng)> RandomSources
    {
        get
        {
            foreach (var layer in _layers)
                if (layer.RandomSource is { } rng) yield return (layer.Name, rng);
        }
    }

    /// <summary>The total number of trainable scalars.</summary>
    public long ParameterCount
    {
        get
        {
            long total = 0;
            foreach (var p in _parameters) total += p.Length;
            return total;
        }
    }

    /// <summary>Whether <see cref="Forward(NdArray{T})"/> and <see cref="ComputeLoss(NdArray{T}, ReadOnlySpan{int}, ClassificationLoss{T}, WeightPenalty?, bool)"/> run in training mode (initially true).</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Checks every value for NaN and infinity and throws <see cref="AnomalyException"/> at the first layer that makes one.</summary>
    public bool DetectAnomaly { get; set; }

    /// <summary>Switches to training mode (dropout on, batch statistics).</summary>
    public Sequential<T> Train()
    {
        IsTraining = true;
        return this;
    }

    /// <summary>Switches to evaluation mode (dropout off, running statistics).</summary>
    public Sequential<T> Eval()
    {
        IsTraining = false;
        return this;
    }

    /// <summary>Appends a layer, names it and qualifies its parameters' names.</summary>
    /// <param name="layer">The layer; it must not already belong to this model.</param>
    /// <param name="name">Its name; by default the layer's own name if set, else kind + index (<c>fc2</c>).</param>
    /// <exception cref="ArgumentException">The name is taken, or the layer was already added.</exception>
    public Sequential<T> Add(Layer<T> layer, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Contains(layer)) throw new ArgumentException($"Layer {layer.Name} ({layer}) is already in the model.", nameof(layer));
        string kind = KindPrefix(layer);
        int index = _kindCounts.GetValueOrDefault(kind) + 1;
        _kindCounts[kind] = index;
        string resolved = name ?? (string.IsNullOrEmpty(layer.Name) ? kind + index.ToString(CultureInfo.InvariantCulture) : layer.Name);
        foreach (var existing in _layers)
            if (existing.Name == resolved)
                throw new ArgumentException($"A layer named '{resolved}' is already in the model; give {layer} another name.", nameof(name));
        layer.Name = resolved;
        _layers.Add(layer);
        foreach (var p in layer.Parameters)
        {
            // Qualify the layer-local name (the part after the last dot, in case the layer was named before).
            string local = p.Name[(p.Name.LastIndexOf('.') + 1)..];
            p.Name = $"{resolved}.{local}";
            _parameters.Add(p);
        }
        return this;
    }

    /// <summary>Runs the layers in order in the current mode (<see cref="IsTraining"/>).</summary>
    public NdArray<T> Forward(NdArray<T> input) => Forward(input, IsTraining);

    /// <summary>Runs the layers in order; the result is the last layer's (reused) output buffer.</summary>
    public NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (DetectAnomaly && !input.IsAllFinite())
            throw new AnomalyException("input", AnomalyPhase.Forward, null, $"the model input {input.ShapeString}");
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            x = layer.Forward(x, training);
            if (DetectAnomaly && !x.IsAllFinite())
                throw new AnomalyException(layer.Name, AnomalyPhase.Forward, null, $"output {x.ShapeString} of {layer}");
        }
        return x;
    }

    /// <summary>
    /// The width of the samples the model takes, read from the first layer that declares one
    /// (<see cref="Linear{T}.InFeatures"/>, <see cref="BatchNorm{T}.Features"/>, <see cref="LayerNorm{T}.Features"/>)
    /// past any shape-preserving layers; null when none does (a model that starts with <see cref="Flatten{T}"/>).
    /// </summary>
    public int? DeclaredInputWidth
    {
        get
        {
            foreach (var layer in _layers)
            {
                switch (layer)
                {
                    case Linear<T> linear: return linear.InFeatures;
                    case BatchNorm<T> batchNorm: return batchNorm.Features;
                    case LayerNorm<T> layerNorm: return layerNorm.Features;
                    case Dropout<T> or ElementwiseLayer<T> or Softmax<T>: continue;
                }
                break;
            }
            return null;
        }
    }

    /// <summary>
    /// A <see cref="Predictor{T}"/> over this model: evaluation-mode predictions with workspaces of its own, so each
    /// thread can hold one and any number can run at once over this (then read-only) model. The input width is
    /// <see cref="DeclaredInputWidth"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No layer declares the input width; use <see cref="CreatePredictor(int)"/>.</exception>
    public Predictor<T> CreatePredictor()
        => new(this, DeclaredInputWidth
            ?? throw new InvalidOperationException($"{this} does not declare its input width in its first layers; call CreatePredictor(inputWidth)."));

    /// <summary>As <see cref="CreatePredictor()"/>, for samples of <paramref name="inputWidth"/> values each.</summary>
    /// <exception cref="ArgumentException">A layer does not accept rows of <paramref name="inputWidth"/> values.</exception>
    public Predictor<T> CreatePredictor(int inputWidth) => new(this, inputWidth);

    // Serializes predictors that must run the model's own Forward (a layer without an inference path).
    internal object InferenceLock { get; } = new();

    /// <summary>
    /// A model of the same architecture whose parameters share this model's values, each with a gradient of its own,
    /// and with buffers (running statistics, copied now) and workspaces of its own: for computing several parts of one
    /// minibatch side by side, as data-parallel training with synchronized batch normalization does. An optimizer
    /// stepping this model's parameters moves the replica's with them.
    /// </summary>
    /// <exception cref="ArgumentException">A layer is not registered, so the architecture cannot be rebuilt (<see cref="ModelFile.ArchitectureJson{T}"/>).</exception>
    public Sequential<T> CreateReplica()
    {
        var replica = ModelFile.FromArchitecture<T>(ModelFile.ArchitectureJson(this), "the replicated model's architecture");
        for (int i = 0; i < _parameters.Count; i++) replica._parameters[i].ShareValue(_parameters[i]);
        foreach (var ((_, from), (_, to)) in Buffers.Zip(replica.Buffers)) from.Span.CopyTo(to.Span);
        return replica;
    }

    /// <summary>Back-propagates dL/d(output) of the last forward through the layers in reverse, accumulating parameter gradients.</summary>
    /// <returns>dL/d(input) of the last forward.</returns>
    public NdArray<T> Backward(NdArray<T> gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        return Backpropagate(gradOutput, inputGradient: true)!;
    }

    /// <summary>
    /// Back-propagates into the parameter gradients only: as <see cref="Backward"/>, but the first layer is asked for
    /// its parameter gradients alone (<see cref="Layer{T}.BackwardParametersOnly"/>), since nothing consumes
    /// dL/d(input) in training. This is what <c>ComputeLoss</c> runs.
    /// </summary>
    public void BackwardParameters(NdArray<T> gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        Backpropagate(gradOutput, inputGradient: false);
    }

    private NdArray<T>? Backpropagate(NdArray<T> gradOutput, bool inputGradient)
    {
        NdArray<T>? g = gradOutput;
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            var layer = _layers[i];
            if (i == 0 && !inputGradient)
            {
                layer.BackwardParametersOnly(g!);
                g = null;
            }
            else
            {
                g = layer.Backward(g!);
            }
            if (!DetectAnomaly) continue;
            var parameters = layer.Parameters;
            for (int j = 0; j < parameters.Count; j++)
                if (!parameters[j].Grad.IsAllFinite())
                    throw new AnomalyException(layer.Name, AnomalyPhase.Backward, parameters[j].Name, $"gradient {parameters[j].Grad.ShapeString} of {layer}");
            if (g is not null && !g.IsAllFinite())
                throw new AnomalyException(layer.Name, AnomalyPhase.Backward, null, $"input gradient {g.ShapeString} of {layer}");
        }
        return g;
    }

    /// <summary>
    /// Readies the parameter gradients for one step whose forward and backward the caller runs (as <c>ComputeLoss</c>
    /// does first): layers that can write their gradients rather than add to them are told to, which saves a pass over
    /// the gradients, and the others are zeroed. End the step with <see cref="EndGradientStep"/>.
    /// </summary>
    public void BeginGradientStep()
    {
        for (int i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            if (layer.CanAssignParameterGradients) layer.AssignParameterGradients = true;
            else layer.ZeroGrad();
        }
    }

    /// <summary>
    /// Ends a step begun with <see cref="BeginGradientStep"/>: a layer whose backward did not run (the step threw, or
    /// the caller skipped it) must not overwrite the gradients of a later accumulation.
    /// </summary>
    public void EndGradientStep()
    {
        for (int i = 0; i < _layers.Count; i++) _layers[i].AssignParameterGradients = false;
    }

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ZeroGrad()
    {
        for (int i = 0; i < _parameters.Count; i++) _parameters[i].ZeroGrad();
    }

    /// <summary>
    /// One training step's gradient: forward (in the current mode), the loss against <paramref name="labels"/>,
    /// backward, and the weight penalty (added to the loss and to the gradients).
    /// </summary>
    /// <param name="input">The batch.</param>
    /// <param name="labels">One class label per sample.</param>
    /// <param name="loss">The data loss.</param>
    /// <param name="penalty">The weight penalty, or null for none.</param>
    /// <param name="zeroGrad">Whether to zero the gradients first (false accumulates over several calls).</param>
    /// <returns>The total loss, its data and penalty parts, and the scores (the last layer's reused output).</returns>
    public (T Loss, T DataLoss, T Penalty, NdArray<T> Scores) ComputeLoss(NdArray<T> input, ReadOnlySpan<int> labels,
        ClassificationLoss<T> loss, WeightPenalty? penalty = null, bool zeroGrad = true)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (zeroGrad) BeginGradientStep();
        try
        {
            var scores = Forward(input);
            var (dataLoss, gradient) = loss.Compute(scores, labels);
            return Finish(loss, scores, dataLoss, gradient, penalty);
        }
        finally
        {
            EndGradientStep();
        }
    }

    /// <summary>
    /// As the classification overload, for a loss against target tensors of the output's shape (MSE, binary cross-entropy).
    /// </summary>
    /// <param name="input">The batch.</param>
    /// <param name="targets">Targets of the output's shape.</param>
    /// <param name="loss">The data loss.</param>
    /// <param name="penalty">The weight penalty, or null for none.</param>
    /// <param name="zeroGrad">Whether to zero the gradients first (false accumulates over several calls).</param>
    /// <returns>The total loss, its data and penalty parts, and the predictions (the last layer's reused output).</returns>
    public (T Loss, T DataLoss, T Penalty, NdArray<T> Scores) ComputeLoss(NdArray<T> input, NdArray<T> targets,
        ElementwiseLoss<T> loss, WeightPenalty? penalty = null, bool zeroGrad = true)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (zeroGrad) BeginGradientStep();
        try
        {
            var predictions = Forward(input);
            var (dataLoss, gradient) = loss.Compute(predictions, targets);
            return Finish(loss, predictions, dataLoss, gradient, penalty);
        }
        finally
        {
            EndGradientStep();
        }
    }

    /// <summary>
    /// A table of the layers (name, description, output shape, parameter count) and the total, for an input of
    /// <paramref name="inputShape"/> (batch axis included, e.g. (100, 3072)).
    /// </summary>
    public string Summary(params int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        var rows = new List<(string Name, string Kind, string Shape, string Count)>();
        int[] shape = inputShape;
        foreach (var layer in _layers)
        {
            shape = layer.OutputShape(shape);
            long count = 0;
            foreach (var p in layer.Parameters) count += p.Length;
            rows.Add((layer.Name, layer.ToString(), NdArray<T>.FormatShape(shape), count.ToString("N0", CultureInfo.InvariantCulture)));
        }
        var header = ("Layer", "Kind", "Output shape", "Parameters");
        int w0 = Math.Max(header.Item1.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length));
        int w1 = Math.Max(header.Item2.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Kind.Length));
        int w2 = Math.Max(header.Item3.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Shape.Length));
        int w3 = Math.Max(header.Item4.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Count.Length));
        var sb = new StringBuilder();
        sb.Append("Input ").AppendLine(NdArray<T>.FormatShape(inputShape));
        sb.AppendLine($"{header.Item1.PadRight(w0)}  {header.Item2.PadRight(w1)}  {header.Item3.PadRight(w2)}  {header.Item4.PadLeft(w3)}");
        sb.AppendLine(new string('-', w0 + w1 + w2 + w3 + 6));
        foreach (var r in rows)
            sb.AppendLine($"{r.Name.PadRight(w0)}  {r.Kind.PadRight(w1)}  {r.Shape.PadRight(w2)}  {r.Count.PadLeft(w3)}");
        sb.AppendLine(new string('-', w0 + w1 + w2 + w3 + 6));
        sb.Append("Total parameters: ").Append(ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>
    /// Writes the model — architecture and weights, nothing of training — to a model file that
    /// <see cref="Load"/> rebuilds without code (see <see cref="ModelFile"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A layer is not registered, or cannot report its constructor arguments.</exception>
    public void Save(string path) => ModelFile.Save(this, path);

    /// <summary>Rebuilds a model written by <see cref="Save"/>, in evaluation mode (see <see cref="ModelFile.Load{T}"/>).</summary>
    /// <exception cref="IO.DataFormatException">The file is not a model file this version reads, or does not match its architecture.</exception>
    public static Sequential<T> Load(string path) => ModelFile.Load<T>(path);

    /// <inheritdoc/>
    public override string ToString() => $"Sequential({string.Join(", ", _layers.Select(l => l.Name))})";

    private (T Loss, T DataLoss, T Penalty, NdArray<T> Scores) Finish(object loss, NdArray<T> scores, T dataLoss,
        NdArray<T> gradient, WeightPenalty? penalty)
    {
        if (DetectAnomaly && (!T.IsFinite(dataLoss) || !gradient.IsAllFinite()))
            throw new AnomalyException(loss.ToString()!, AnomalyPhase.Loss, null, $"loss {dataLoss} or its gradient {gradient.ShapeString}");
        BackwardParameters(gradient);
        T penaltyValue = penalty is null ? T.Zero : penalty.Apply(Parameters);
        return (dataLoss + penaltyValue, dataLoss, penaltyValue, scores);
    }

    private static string KindPrefix(Layer<T> layer)
    {
        string type = layer.GetType().Name.Split('`')[0];
        return type switch
        {
            "Linear" => "fc",
            "BatchNorm" => "bn",
            "LayerNorm" => "ln",
            _ => type.ToLowerInvariant(),
        };
    }
}
