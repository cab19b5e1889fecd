using System.Numerics;
using System.Runtime.CompilerServices;
using NativeNet.Kernels;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>
/// Adagrad (Duchi, Hazan &amp; Singer 2011) as in PyTorch <c>torch.optim.Adagrad</c>; coupled (L2) weight decay.
/// </summary>
/// <remarks>
/// <para>Per element, with η = <see cref="Optimizer{T}.LearningRate"/>, ε = <see cref="Epsilon"/>,
/// δ = <see cref="LearningRateDecay"/>, λ = <see cref="Optimizer{T}.WeightDecay"/> and t = <see cref="Optimizer{T}.StepCount"/>:</para>
/// <code>
/// η_t ← η / (1 + (t − 1)·δ)
/// g ← g + λ·w
/// s ← s + g²
/// w ← w − η_t·g / (√s + ε)
/// </code>
/// <para>
/// Defaults: ε = 1e-10, δ = 0, λ = 0, s starting at <see cref="InitialAccumulatorValue"/> = 0 (PyTorch's).
/// State slot: <c>sum_sq</c> (s).
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adagrad<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name of the sum of squared gradients slot.</summary>
    public const string SumOfSquaresSlot = "sum_sq";

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> NonNegativeSlots => [SumOfSquaresSlot];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">η; default 1e-2.</param>
    /// <param name="epsilon">ε &gt; 0, added outside the root; default 1e-10.</param>
    /// <param name="learningRateDecay">δ ≥ 0; default 0.</param>
    /// <param name="initialAccumulatorValue">The starting value of s (≥ 0); default 0.</param>
    /// <param name="weightDecay">λ; default 0. Coupled L2 added to the gradient unless <see cref="Optimizer{T}.WeightDecayMode"/> is set otherwise.</param>
    public Adagrad(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-2, double epsilon = 1e-10,
        double learningRateDecay = 0, double initialAccumulatorValue = 0, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, SumOfSquaresSlot)
    {
        Epsilon = RequirePositive(epsilon, nameof(epsilon));
        LearningRateDecay = RequireNonNegative(learningRateDecay, nameof(learningRateDecay));
        InitialAccumulatorValue = RequireNonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue));
        for (int i = 0; i < Parameters.Count; i++) State(0, i).Fill(T.CreateTruncating(initialAccumulatorValue));
    }

    /// <summary>ε, added outside the square root.</summary>
    public double Epsilon { get; }

    /// <summary>δ, the learning-rate decay per step.</summary>
    public double LearningRateDecay { get; }

    /// <summary>The value s starts from.</summary>
    public double InitialAccumulatorValue { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter<T> parameter, double weightDecay, int start, int count)
    {
        double lr = LearningRate / (1.0 + (StepCount - 1) * LearningRateDecay);
        var kernel = new Kernel(ref At(parameter.Value, start), ref At(parameter.Grad, start), ref At(State(0, index), start),
            T.CreateTruncating(lr), T.CreateTruncating(weightDecay), T.CreateTruncating(Epsilon));
        Elementwise.ForEach<T, Kernel>(ref kernel, (nuint)count);
    }

    private readonly ref struct Kernel(ref T w, ref T g, ref T s, T lr, T wd, T eps) : IElementwiseKernel<T>
    {
        private readonly ref T _w = ref w;
        private readonly ref T _g = ref g;
        private readonly ref T _s = ref s;
        private readonly T _lr = lr, _wd = wd, _eps = eps;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector w = TLanes.Load(ref _w, i);
            TVector g = TLanes.Add(TLanes.Load(ref _g, i), TLanes.Multiply(TLanes.Broadcast(_wd), w));     // g + λw
            TVector s = TLanes.Add(TLanes.Load(ref _s, i), TLanes.Multiply(g, g));                          // s + g²
            TLanes.Store(s, ref _s, i);
            // w − (ηg) / (√s + ε)
            TVector denominator = TLanes.Add(TLanes.Sqrt(s), TLanes.Broadcast(_eps));
            TLanes.Store(TLanes.Subtract(w, TLanes.Divide(TLanes.Multiply(TLanes.Broadcast(_lr), g), denominator)), ref _w, i);
        }
    }
}
