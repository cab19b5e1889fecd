using System.Numerics;
using System.Runtime.CompilerServices;
using NativeNet.Kernels;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>
/// Plain stochastic gradient descent with optional weight decay, coupled (L2) by default.
/// </summary>
/// <remarks>
/// <para>Update, per element, with η = <see cref="Optimizer{T}.LearningRate"/> and λ = <see cref="Optimizer{T}.WeightDecay"/>,
/// by <see cref="Optimizer{T}.WeightDecayMode"/>:</para>
/// <code>
/// coupled:    g ← g + λ·w,  w ← w − η·g
/// decoupled:  w ← w·(1 − η·λ) − η·g         (the same rule as coupled, up to rounding)
/// unscaled:   w ← w·(1 − λ) − η·g           (θ ← θ − η·∇J − λ·θ)
/// </code>
/// <para>
/// Coupled weight decay λ is exactly an L2 penalty ½·λ·‖w‖² added to the loss (whose gradient is λ·w), or equivalently
/// λ/2·‖w‖² without the ½; it is the PyTorch <c>SGD(weight_decay=λ)</c> rule. State: none.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">η (no default: it depends on the problem; 1e-2 is a common start).</param>
    /// <param name="weightDecay">λ; default 0. Coupled L2 unless <see cref="Optimizer{T}.WeightDecayMode"/> is set otherwise.</param>
    public Sgd(IEnumerable<Parameter<T>> parameters, double learningRate, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay)
    {
    }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter<T> parameter, double weightDecay, int start, int count)
    {
        var kernel = new Kernel(ref At(parameter.Value, start), ref At(parameter.Grad, start),
            T.CreateTruncating(LearningRate), T.CreateTruncating(weightDecay));
        Elementwise.ForEach<T, Kernel>(ref kernel, (nuint)count);
    }

    private readonly ref struct Kernel(ref T w, ref T g, T lr, T wd) : IElementwiseKernel<T>
    {
        private readonly ref T _w = ref w;
        private readonly ref T _g = ref g;
        private readonly T _lr = lr, _wd = wd;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector w = TLanes.Load(ref _w, i);
            TVector g = TLanes.Add(TLanes.Load(ref _g, i), TLanes.Multiply(TLanes.Broadcast(_wd), w));     // g + λw
            TLanes.Store(TLanes.Subtract(w, TLanes.Multiply(TLanes.Broadcast(_lr), g)), ref _w, i);        // w − ηg
        }
    }
}
