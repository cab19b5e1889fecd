namespace NativeNet.Tests.Kernels;

/// <summary>
/// Serialises every test that changes a process-wide kernel setting: GEMM's internal settings or
/// <c>Parallelism.ThreadCount</c>.
/// </summary>
[CollectionDefinition(nameof(KernelSettingsCollection), DisableParallelization = true)]
public sealed class KernelSettingsCollection;
