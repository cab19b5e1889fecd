using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Text;
using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Optimizers;

/// <summary>
/// The base of every update rule: owns the parameters it trains and their per-parameter state (velocities, moment
/// estimates, caches), steps them all with one fused pass per parameter, and exports or imports that state by name.
/// </summary>
/// <remarks>
/// <para>
/// Each <see cref="Step"/> first increments <see cref="StepCount"/> (so rules that use the step number, such as
/// Adam's bias correction, see t = 1 on the first step), then updates every parameter from its
/// <see cref="Parameter{T}.Grad"/>. Gradients are read, never cleared: call <see cref="ZeroGrad"/> (or the
/// layers' own) before the next backward pass.
/// </para>
/// <para>
/// Hyperparameters are held in double and converted to <typeparamref name="T"/> once per parameter per step.
/// Stepping allocates nothing, so the same classes drive large networks and a 2-element point on an analytic
/// function alike.
/// </para>
/// <para>
/// Weight decay applies to the parameters selected by <see cref="AppliesWeightDecay"/>; by default those with
/// <see cref="Parameter{T}.IsWeight"/> set, so biases are not decayed. <see cref="WeightDecayMode"/> says how it enters
/// the update: coupled (λ·w added to the gradient, the default of every rule but <see cref="AdamW{T}"/>), decoupled
/// (w ← w·(1 − η·λ) − Δ) or unscaled (w ← w·(1 − λ) − Δ), with Δ the rule's step from the loss gradient.
/// </para>
/// <para>
/// State is named <c>{parameter name}.{slot}</c>, e.g. <c>fc1.weight.velocity</c>; the slots of each rule are
/// listed in <see cref="StateSlots"/>. Parameter names must be unique to export or import state.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly Func<Parameter<T>, bool> WeightsOnly = static p => p.IsWeight;

    private readonly Parameter<T>[] _parameters;
    private readonly string[] _slots;
    private readonly NdArray<T>[][] _state;
    private readonly bool[] _decayed;
    private readonly int[] _chunkParameter, _chunkStart, _chunkCount;
    private readonly long _totalElements;
    private Func<Parameter<T>, bool> _appliesWeightDecay = WeightsOnly;
    private double _learningRate;
    private WeightDecayMode _weightDecayMode;

    /// <summary>Takes the parameters to train and allocates one zero-filled state tensor per parameter and slot.</summary>
    /// <param name="parameters">The parameters, in a stable order; none null, none repeated, at least one.</param>
    /// <param name="learningRate">The initial learning rate η (finite, ≥ 0).</param>
    /// <param name="weightDecay">The weight-decay coefficient λ (finite, ≥ 0); its meaning is the rule's.</param>
    /// <param name="stateSlots">The names of the per-parameter state tensors this rule keeps, e.g. <c>velocity</c>.</param>
    protected Optimizer(IEnumerable<Parameter<T>> parameters, double learningRate, double weightDecay, params string[] stateSlots)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(stateSlots);
        _parameters = [.. parameters];
        if (_parameters.Length == 0) throw new ArgumentException("An optimizer needs at least one parameter.", nameof(parameters));
        var seen = new HashSet<Parameter<T>>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i] is null) throw new ArgumentException($"Parameter {i} is null.", nameof(parameters));
            if (!seen.Add(_parameters[i])) throw new ArgumentException($"Parameter '{_parameters[i].Name}' is listed twice.", nameof(parameters));
        }
        LearningRate = learningRate;
        WeightDecay = RequireNonNegative(weightDecay, nameof(weightDecay));
        _slots = (string[])stateSlots.Clone();
        _state = new NdArray<T>[_slots.Length][];
        for (int s = 0; s < _slots.Length; s++)
        {
            _state[s] = new NdArray<T>[_parameters.Length];
            for (int i = 0; i < _parameters.Length; i++) _state[s][i] = new NdArray<T>(_parameters[i].Value.Shape.ToArray());
        }
        _decayed = new bool[_parameters.Length];
        RefreshDecayMask();
        var chunkParameter = new List<int>();
        var chunkStart = new List<int>();
        var chunkCount = new List<int>();
        for (int i = 0; i < _parameters.Length; i++)
        {
            int length = _parameters[i].Length;
            _totalElements += length;
            for (int start = 0; start < length; start += ParallelChunk)
            {
                chunkParameter.Add(i);
                chunkStart.Add(start);
                chunkCount.Add(Math.Min(ParallelChunk, length - start));
            }
        }
        _chunkParameter = [.. chunkParameter];
        _chunkStart = [.. chunkStart];
        _chunkCount = [.. chunkCount];
    }

    /// <summary>The trained parameters, in the order given to the constructor.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>The learning rate η used by the next <see cref="Step"/>; schedules set it (finite, ≥ 0).</summary>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = RequireNonNegative(value, nameof(LearningRate));
    }

    /// <summary>The weight-decay coefficient λ; how it enters the update is <see cref="WeightDecayMode"/>.</summary>
    public double WeightDecay { get; }

    /// <summary>
    /// How <see cref="WeightDecay"/> enters the update (see <see cref="Optimizers.WeightDecayMode"/>):
    /// <see cref="WeightDecayMode.Coupled"/> g ← g + λ·w; <see cref="WeightDecayMode.Decoupled"/> w ← w·(1 − η·λ) − Δ;
    /// <see cref="WeightDecayMode.Unscaled"/> w ← w·(1 − λ) − Δ, where Δ is the rule's step from the loss gradient.
    /// Coupled by default, decoupled for <see cref="AdamW{T}"/>; may be changed between steps.
    /// </summary>
    public WeightDecayMode WeightDecayMode
    {
        get => _weightDecayMode;
        set
        {
            if (!Enum.IsDefined(value)) throw new ArgumentOutOfRangeException(nameof(WeightDecayMode), value, "Unknown weight-decay mode.");
            _weightDecayMode = value;
        }
    }

    /// <summary>
    /// Selects the parameters that weight decay applies to; by default <c>p =&gt; p.IsWeight</c>. Evaluated when set
    /// and at the start of each <see cref="Step"/>, so changing a parameter's <see cref="Parameter{T}.IsWeight"/> takes effect.
    /// </summary>
    public Func<Parameter<T>, bool> AppliesWeightDecay
    {
        get => _appliesWeightDecay;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _appliesWeightDecay = value;
            RefreshDecayMask();
        }
    }

    /// <summary>The number of steps taken (t); incremented at the start of each <see cref="Step"/>.</summary>
    public long StepCount { get; private set; }

    /// <summary>The names of the per-parameter state tensors this rule keeps (e.g. <c>m</c>, <c>v</c>).</summary>
    public IReadOnlyList<string> StateSlots => _slots;

    /// <summary>
    /// The slots that hold sums or averages of squares (e.g. Adam's <c>v</c>), which no valid state has negative;
    /// <see cref="ImportState"/> refuses a negative element there.
    /// </summary>
    public virtual IReadOnlyCollection<string> NonNegativeSlots => [];

    /// <summary>
    /// With more than one <see cref="Parallelism.ThreadCount"/> thread and at least this many trained elements in
    /// total, a step is one parallel pass over fixed chunks of all parameters; below it, the hand-off would cost more
    /// than the update, and parameters are updated one after another on the calling thread. Every rule is
    /// elementwise, so the result is bit-identical for any thread count.
    /// </summary>
    public static int ParallelMinElements { get; set; } = 1 << 17;

    // Chunk of a parallel update: a multiple of every vector width, and a fixed grid whatever the thread count.
    private const int ParallelChunk = 1 << 15;

    /// <summary>Updates every parameter from its gradient: increments <see cref="StepCount"/>, then one fused pass per parameter.</summary>
    public void Step()
    {
        StepCount++;
        RefreshDecayMask();
        PrepareStep();
        var parameters = _parameters;
        if (Parallelism.ThreadCount > 1 && _totalElements >= ParallelMinElements)
        {
            var work = new ChunkedUpdate(this);
            Parallelism.Run(ref work, _chunkParameter.Length);
            return;
        }
        for (int i = 0; i < parameters.Length; i++) UpdateRange(i, 0, parameters[i].Length);
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.ZeroGrad();
    }

    /// <summary>
    /// Rescales all gradients so that their global L2 norm is at most <paramref name="maxNorm"/>; see
    /// <see cref="GradientClipping.ClipByGlobalNorm{T}"/>.
    /// </summary>
    /// <returns>The global gradient norm before clipping.</returns>
    public double ClipGradientNorm(double maxNorm) => GradientClipping.ClipByGlobalNorm(_parameters, maxNorm);

    /// <summary>The live state tensor of one parameter and slot (not a copy): writing it changes the next step.</summary>
    /// <exception cref="ArgumentException">The parameter is not trained by this optimizer, or the slot does not exist.</exception>
    public NdArray<T> GetState(Parameter<T> parameter, string slot)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        int index = Array.IndexOf(_parameters, parameter);
        if (index < 0) throw new ArgumentException($"Parameter '{parameter.Name}' is not trained by this {GetType().Name}.", nameof(parameter));
        return _state[SlotIndex(slot)][index];
    }

    /// <summary>
    /// A copy of the whole state: tensors keyed <c>{parameter name}.{slot}</c>, and the scalars
    /// <see cref="OptimizerState{T}.StepKey"/> and <see cref="OptimizerState{T}.LearningRateKey"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two parameters share a name, so their state keys would collide.</exception>
    public OptimizerState<T> ExportState()
    {
        EnsureUniqueNames();
        var tensors = new Dictionary<string, NdArray<T>>(StringComparer.Ordinal);
        for (int s = 0; s < _slots.Length; s++)
            for (int i = 0; i < _parameters.Length; i++)
                tensors.Add(Key(i, s), _state[s][i].Clone());
        var scalars = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [OptimizerState<T>.StepKey] = StepCount,
            [OptimizerState<T>.LearningRateKey] = LearningRate,
        };
        return new OptimizerState<T>(tensors, scalars);
    }

    /// <summary>
    /// Replaces the state with <paramref name="state"/> (values are copied in): after importing what
    /// <see cref="ExportState"/> produced, stepping continues bit-identically. The tensor keys must be exactly this
    /// optimizer's <c>{parameter name}.{slot}</c> keys with matching shapes; <see cref="OptimizerState{T}.StepKey"/>
    /// is required and <see cref="OptimizerState{T}.LearningRateKey"/>, if present, sets <see cref="LearningRate"/>.
    /// Nothing is changed unless the whole state is valid.
    /// </summary>
    /// <exception cref="ArgumentException">A key is missing or unexpected, a shape differs, a tensor holds a non-finite value (or a negative one in a <see cref="NonNegativeSlots"/> slot), or a scalar is invalid; the message names them.</exception>
    public void ImportState(OptimizerState<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        EnsureUniqueNames();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (int s = 0; s < _slots.Length; s++)
            for (int i = 0; i < _parameters.Length; i++)
            {
                string key = Key(i, s);
                expected.Add(key);
                if (!state.Tensors.TryGetValue(key, out var tensor))
                    throw new ArgumentException($"Optimizer state for {GetType().Name} is missing '{key}'.", nameof(state));
                if (tensor is null || !tensor.HasShape(_parameters[i].Value.Shape))
                    throw new ArgumentException(
                        $"Optimizer state '{key}' has shape {tensor?.ShapeString ?? "null"} but parameter '{_parameters[i].Name}' has shape {_parameters[i].Value.ShapeString}.",
                        nameof(state));
                int bad = tensor.IndexOfNonFinite();
                if (bad >= 0)
                    throw new ArgumentException($"Optimizer state '{key}' holds {tensor[bad]} at element {bad}.", nameof(state));
                if (NonNegativeSlots.Contains(_slots[s]))
                {
                    int negative = tensor.Span.IndexOfAnyInRange(T.NegativeInfinity, -T.Epsilon);
                    if (negative >= 0)
                        throw new ArgumentException(
                            $"Optimizer state '{key}' holds {tensor[negative]} at element {negative}, but '{_slots[s]}' accumulates squares and cannot be negative.",
                            nameof(state));
                }
            }
        var unexpected = new StringBuilder();
        foreach (var key in state.Tensors.Keys)
            if (!expected.Contains(key)) unexpected.Append(unexpected.Length == 0 ? "" : ", ").Append('\'').Append(key).Append('\'');
        if (unexpected.Length > 0)
            throw new ArgumentException(
                $"Optimizer state has tensors {GetType().Name} does not keep: {unexpected}. Its slots are: {string.Join(", ", _slots)}.", nameof(state));

        if (!state.Scalars.TryGetValue(OptimizerState<T>.StepKey, out double step))
            throw new ArgumentException($"Optimizer state is missing the scalar '{OptimizerState<T>.StepKey}'.", nameof(state));
        if (!(step >= 0) || step != Math.Floor(step) || step > (1L << 53))
            throw new ArgumentException($"Optimizer state scalar '{OptimizerState<T>.StepKey}' = {step} is not a non-negative integer.", nameof(state));
        double learningRate = LearningRate;
        foreach (var (key, value) in state.Scalars)
        {
            if (key == OptimizerState<T>.StepKey) continue;
            if (key != OptimizerState<T>.LearningRateKey)
                throw new ArgumentException($"Optimizer state has an unknown scalar '{key}'.", nameof(state));
            learningRate = RequireNonNegative(value, OptimizerState<T>.LearningRateKey);
        }

        for (int s = 0; s < _slots.Length; s++)
            for (int i = 0; i < _parameters.Length; i++)
                state.Tensors[Key(i, s)].CopyTo(_state[s][i]);
        StepCount = (long)step;
        LearningRate = learningRate;
    }

    /// <summary>
    /// Computes what every parameter's update in this step shares (e.g. Adam's bias corrections); called once per
    /// <see cref="Step"/>, after <see cref="StepCount"/> is incremented and before any <see cref="Update"/>.
    /// </summary>
    protected virtual void PrepareStep()
    {
    }

    /// <summary>
    /// Whether this rule's <see cref="Update"/> applies weight decay of <paramref name="mode"/> itself. Only
    /// <see cref="WeightDecayMode.Coupled"/> by default: for the others the base scales the weights by (1 − η·λ) or
    /// (1 − λ) just before <see cref="Update"/> and passes it a weight decay of 0.
    /// </summary>
    protected virtual bool AppliesWeightDecayItself(WeightDecayMode mode) => mode == WeightDecayMode.Coupled;

    /// <summary>
    /// Applies the rule to elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of
    /// one parameter and its state; <see cref="StepCount"/> is already incremented and <see cref="PrepareStep"/> done.
    /// Disjoint ranges of the same parameter may be updated concurrently, so the rule must be elementwise and must
    /// not write shared fields here.
    /// </summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/>, for <see cref="State"/>.</param>
    /// <param name="parameter">The parameter, whose <see cref="Parameter{T}.Grad"/> holds the gradient.</param>
    /// <param name="weightDecay"><see cref="WeightDecay"/>, or 0 when <see cref="AppliesWeightDecay"/> excludes the parameter or the base already applied it (see <see cref="AppliesWeightDecayItself"/>).</param>
    /// <param name="start">The first element to update.</param>
    /// <param name="count">The number of elements to update.</param>
    protected abstract void Update(int index, Parameter<T> parameter, double weightDecay, int start, int count);

    /// <summary>A reference to element <paramref name="start"/> of <paramref name="tensor"/>, where a range update begins.</summary>
    protected static ref T At(NdArray<T> tensor, int start)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if ((uint)start > (uint)tensor.Length) throw new ArgumentOutOfRangeException(nameof(start), start, $"Start is outside a tensor of {tensor.Length} elements.");
        return ref Unsafe.Add(ref tensor.GetPinnableReference(), start);
    }

    /// <summary>The state tensor of slot number <paramref name="slot"/> (position in <see cref="StateSlots"/>) for parameter <paramref name="index"/>.</summary>
    protected NdArray<T> State(int slot, int index) => _state[slot][index];

    /// <summary>Checks a hyperparameter is finite and non-negative.</summary>
    /// <returns>The value.</returns>
    protected static double RequireNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");
        return value;
    }

    /// <summary>Checks a hyperparameter lies in [0, 1) (momentum and decay coefficients), or [0, 1] when <paramref name="allowOne"/>.</summary>
    /// <returns>The value.</returns>
    protected static double RequireUnitInterval(double value, string name, bool allowOne = false)
    {
        if (!(value >= 0) || value > 1 || (value == 1 && !allowOne))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, {(allowOne ? "1]" : "1)")}.");
        return value;
    }

    /// <summary>Checks a hyperparameter is finite and strictly positive (e.g. ε).</summary>
    /// <returns>The value.</returns>
    protected static double RequirePositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and positive.");
        return value;
    }

    // All parameters cut into ParallelChunk-sized ranges (small ones whole), run by the worker pool in one hand-off.
    private readonly struct ChunkedUpdate(Optimizer<T> optimizer) : IPartitionedWork
    {
        public void Execute(int partition)
        {
            optimizer.UpdateRange(optimizer._chunkParameter[partition], optimizer._chunkStart[partition], optimizer._chunkCount[partition]);
        }
    }

    private void UpdateRange(int index, int start, int count)
    {
        var parameter = _parameters[index];
        double weightDecay = _decayed[index] ? WeightDecay : 0.0;
        var mode = _weightDecayMode;
        if (weightDecay != 0 && !AppliesWeightDecayItself(mode))
        {
            // Shrinking w first and then taking the rule's step with no decay is w·(1 − c) − Δ, the documented rule.
            double shrink = mode == WeightDecayMode.Decoupled ? 1.0 - LearningRate * weightDecay : 1.0 - weightDecay;
            var w = parameter.Value.Span.Slice(start, count);
            TensorPrimitives.Multiply(w, T.CreateTruncating(shrink), w);
            weightDecay = 0.0;
        }
        Update(index, parameter, weightDecay, start, count);
    }

    private void RefreshDecayMask()
    {
        var applies = _appliesWeightDecay;
        for (int i = 0; i < _parameters.Length; i++) _decayed[i] = applies(_parameters[i]);
    }

    private int SlotIndex(string slot)
    {
        int s = Array.IndexOf(_slots, slot);
        if (s < 0)
            throw new ArgumentException(
                $"{GetType().Name} keeps no state slot '{slot}'; its slots are: {(_slots.Length == 0 ? "none" : string.Join(", ", _slots))}.", nameof(slot));
        return s;
    }

    private string Key(int index, int slot) => $"{_parameters[index].Name}.{_slots[slot]}";

    private void EnsureUniqueNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in _parameters)
            if (!names.Add(p.Name))
                throw new InvalidOperationException(
                    $"Two parameters are named '{p.Name}', so their optimizer state keys would collide; give layers unique names.");
    }
}
