using System.Runtime.InteropServices;

namespace NativeNet.Kernels;

/// <summary>
/// Per-calling-thread packing buffers (64-byte aligned native memory), grown on demand and reused by every later call
/// on that thread, so steady-state GEMM allocates nothing. Workers read them through pointers during the call.
/// The finalizer returns the memory when the thread (and so its scratch) goes away.
/// </summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic]
    private static GemmScratch? _current;

    private byte* _packedA;
    private nuint _packedABytes;
    private byte* _packedB;
    private nuint _packedBBytes;
    private byte* _taskB;
    private nuint _taskBBytes;

    public static GemmScratch Current => _current ??= new GemmScratch();

    /// <summary>Buffer for packed A (or any first operand), at least <paramref name="bytes"/> long.</summary>
    public void* PackedA(nuint bytes) => Ensure(ref _packedA, ref _packedABytes, bytes);

    /// <summary>Buffer for packed B (or a transposed copy of B), at least <paramref name="bytes"/> long.</summary>
    public void* PackedB(nuint bytes) => Ensure(ref _packedB, ref _packedBBytes, bytes);

    /// <summary>Buffer for the B block a task packs for itself (this thread's own; never shared).</summary>
    public void* TaskB(nuint bytes) => Ensure(ref _taskB, ref _taskBBytes, bytes);

    private static void* Ensure(ref byte* buffer, ref nuint size, nuint bytes)
    {
        if (bytes > size)
        {
            // Grow by half again so a sequence of slightly larger calls does not reallocate every time.
            nuint capacity = Math.Max(bytes, size + size / 2) + 64;
            NativeMemory.AlignedFree(buffer);
            buffer = null;
            size = 0;
            buffer = (byte*)NativeMemory.AlignedAlloc(capacity, 64);
            size = capacity;
        }
        return buffer;
    }

    ~GemmScratch()
    {
        NativeMemory.AlignedFree(_packedA);
        NativeMemory.AlignedFree(_packedB);
        NativeMemory.AlignedFree(_taskB);
    }
}
