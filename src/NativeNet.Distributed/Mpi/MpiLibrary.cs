using System.Reflection;
using System.Runtime.InteropServices;

namespace NativeNet.Distributed.Mpi;

/// <summary>
/// The MPI calls data-parallel training needs, bound to a library of MPICH's ABI (MPICH, Intel MPI, MVAPICH): there
/// handles are 32-bit integers and the constants below are fixed by that ABI. Open MPI's handles are pointers, so its
/// libmpi is not loaded.
/// </summary>
internal static unsafe partial class MpiLibrary
{
    /// <summary>The environment variable that names the MPI library to load instead of the defaults.</summary>
    public const string LibraryVariable = "NATIVENET_MPI_LIBRARY";

    private const string Name = "mpi";

    public const int Success = 0;
    public const int CommWorld = 0x44000000;
    public const int Byte = 0x4c00010d;
    public const int RequestNull = 0x2c000000;
    public const int ThreadSerialized = 2;
    public static readonly nint StatusIgnore = 1;

    // MPICH's soname first; libmpi.so.12 is the soname of the other implementations of the same ABI.
    private static readonly string[] Candidates = ["libmpich.so.12", "libmpi.so.12"];

    static MpiLibrary() => NativeLibrary.SetDllImportResolver(typeof(MpiLibrary).Assembly, Resolve);

    /// <summary>The library that was loaded, or why none could be: the reason names what was tried.</summary>
    public static (nint Handle, string? Missing) Load()
    {
        var names = Environment.GetEnvironmentVariable(LibraryVariable) is { Length: > 0 } chosen ? [chosen] : Candidates;
        foreach (var name in names)
            if (NativeLibrary.TryLoad(name, out nint handle)) return (handle, null);
        return (0, $"no MPI library of MPICH's ABI could be loaded (tried {string.Join(", ", names)}; apt-get install mpich libmpich-dev, or set {LibraryVariable})");
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Name) return 0;
        var (handle, missing) = Load();
        return handle != 0 ? handle : throw new DllNotFoundException(missing);
    }

    [LibraryImport(Name, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(int* flag);

    [LibraryImport(Name, EntryPoint = "MPI_Finalized")]
    public static partial int Finalized(int* flag);

    [LibraryImport(Name, EntryPoint = "MPI_Init_thread")]
    public static partial int InitThread(nint argc, nint argv, int required, int* provided);

    [LibraryImport(Name, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(int comm, int* rank);

    [LibraryImport(Name, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(int comm, int* size);

    [LibraryImport(Name, EntryPoint = "MPI_Isend")]
    public static partial int Isend(void* buffer, int count, int datatype, int destination, int tag, int comm, int* request);

    [LibraryImport(Name, EntryPoint = "MPI_Irecv")]
    public static partial int Irecv(void* buffer, int count, int datatype, int source, int tag, int comm, int* request);

    [LibraryImport(Name, EntryPoint = "MPI_Test")]
    public static partial int Test(int* request, int* flag, nint status);

    [LibraryImport(Name, EntryPoint = "MPI_Cancel")]
    public static partial int Cancel(int* request);

    [LibraryImport(Name, EntryPoint = "MPI_Request_free")]
    public static partial int RequestFree(int* request);

    [LibraryImport(Name, EntryPoint = "MPI_Abort")]
    public static partial int Abort(int comm, int errorCode);

    [LibraryImport(Name, EntryPoint = "MPI_Finalize")]
    public static partial int Finalize();
}
