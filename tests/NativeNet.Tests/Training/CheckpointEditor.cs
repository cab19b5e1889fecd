using NativeNet.IO;

namespace NativeNet.Tests.Training;

/// <summary>Rewrites a checkpoint with edited metadata or tensors, to make the damaged files loaders must refuse.</summary>
internal static class CheckpointEditor
{
    /// <summary>Sets (or, with null, removes) metadata <paramref name="key"/>.</summary>
    public static void SetMetadata(string path, string key, string? value) => Rewrite(path, metadata =>
    {
        if (value is null) metadata.Remove(key);
        else metadata[key] = value;
    }, null);

    /// <summary>Replaces one element of a float32 tensor.</summary>
    public static void SetFloat32(string path, string tensor, int index, float value) => Rewrite(path, null, (name, values) =>
    {
        if (name == tensor) values[index] = value;
    });

    private static void Rewrite(string path, Action<IDictionary<string, string>>? editMetadata, Action<string, float[]>? editFloat32)
    {
        var file = SafeTensorsFile.Load(path);
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in file.Metadata) writer.Metadata[key] = value;
        editMetadata?.Invoke(writer.Metadata);
        foreach (var info in file.Tensors)
        {
            switch (info.DType)
            {
                case SafeTensorsDType.F32:
                    var values = file.GetFloat32(info.Name).ToArray();
                    editFloat32?.Invoke(info.Name, values);
                    writer.AddFloat32(info.Name, values, info.Shape);
                    break;
                case SafeTensorsDType.F64: writer.AddFloat64(info.Name, file.GetFloat64(info.Name).ToArray(), info.Shape); break;
                case SafeTensorsDType.U64: writer.AddUInt64(info.Name, file.GetUInt64(info.Name), info.Shape); break;
                default: throw new NotSupportedException(info.DType.ToString());
            }
        }
        writer.Save(path);
    }
}
