using System.Buffers.Binary;
using System.Numerics;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by magic bytes).
/// </summary>
/// <remarks>
/// An IDX file is two zero bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
/// 0x0E float64), the number of dimensions, each dimension as a big-endian int32, then the big-endian data in C order.
/// The header's claims are checked against the file length (raw) or against the data actually decompressed (gzip)
/// before the array is allocated; trailing bytes after the data are an error too.
/// </remarks>
public static class IdxReader
{
    private const int MaxDimensions = 16;

    /// <summary>Reads an IDX file of any element type into an array of <typeparamref name="T"/> with the file's shape.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed, corrupt (gzip), empty or not a regular file.</exception>
    public static NdArray<T> Read<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var reader = IdxStream.Open(path);
        return reader.ReadArray<T>();
    }

    /// <summary>Reads a one-dimensional integer IDX file of labels.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed, not one-dimensional, or holds a negative label.</exception>
    public static int[] ReadLabels(string path)
    {
        using var reader = IdxStream.Open(path);
        return reader.ReadLabels();
    }

    /// <summary>
    /// Reads an image file and its label file into a dataset (features keep the file's shape, e.g. (60000, 28, 28)).
    /// The counts and the labels are checked before the image data is read.
    /// </summary>
    /// <param name="imagesPath">The IDX images file.</param>
    /// <param name="labelsPath">The IDX labels file.</param>
    /// <param name="classNames">
    /// The class names (for a test set, the training set's <see cref="Dataset{T}.ClassNames"/>); every label must be
    /// below their count. Null names the classes by number.
    /// </param>
    /// <param name="classCount">
    /// The number of classes when <paramref name="classNames"/> is null. When both are null the count is inferred as
    /// the largest label + 1, which must not exceed the number of items.
    /// </param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// A file is malformed, the image and label counts differ, or a label is outside the declared class range (or, when
    /// the count is inferred, implies more classes than items); the message names the label file, item and value.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="classNames"/> and <paramref name="classCount"/> disagree, or the count is not positive.</exception>
    public static Dataset<T> ReadDataset<T>(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null, int? classCount = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ClassRange.Declared(classNames, classCount);
        using var images = IdxStream.Open(imagesPath);
        int[] labels;
        int labelHeader, labelSize;
        using (var labelReader = IdxStream.Open(labelsPath))
        {
            labels = labelReader.ReadLabels();
            labelHeader = labelReader.HeaderLength;
            labelSize = labelReader.ElementSize;
        }
        if (images.Shape.Length == 0 || images.Shape[0] != labels.Length)
            throw new DataFormatException(imagesPath, 4,
                $"the image file holds {(images.Shape.Length == 0 ? 0 : images.Shape[0]):N0} items but the label file {labelsPath} holds {labels.Length:N0}");
        var names = ClassRange.Resolve(labels, classNames, classCount, labelsPath, i => labelHeader + (long)i * labelSize, i => $"item {i}");
        return new Dataset<T>(images.ReadArray<T>(), labels, names);
    }

    /// <summary>An open IDX file whose header has been read and validated.</summary>
    private sealed class IdxStream : IDisposable
    {
        private readonly Stream _stream;
        private readonly string _path;
        private readonly bool _isGzip;
        private readonly long _fileLength;

        private IdxStream(string path, Stream stream, bool isGzip, long fileLength)
        {
            _path = path;
            _stream = stream;
            _isGzip = isGzip;
            _fileLength = fileLength;
            Span<byte> magic = stackalloc byte[4];
            BoundedInput.ReadHeader(_stream, magic, path, 0, "IDX magic number");
            if (magic[0] != 0 || magic[1] != 0)
                throw new DataFormatException(path, 0, $"bad IDX magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}: the first two bytes must be zero");
            TypeCode = magic[2];
            ElementSize = TypeCode switch
            {
                0x08 or 0x09 => 1,
                0x0B => 2,
                0x0C or 0x0D => 4,
                0x0E => 8,
                _ => throw new DataFormatException(path, 2, $"unknown IDX element type 0x{TypeCode:X2}"),
            };
            int rank = magic[3];
            if (rank is 0 or > MaxDimensions)
                throw new DataFormatException(path, 3, $"IDX dimension count {rank} is outside 1..{MaxDimensions}");
            Span<byte> dims = stackalloc byte[4 * rank];
            BoundedInput.ReadHeader(_stream, dims, path, 4, "IDX dimensions");
            Shape = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                uint d = BinaryPrimitives.ReadUInt32BigEndian(dims[(4 * i)..]);
                if (d > int.MaxValue)
                    throw new DataFormatException(path, 4 + 4 * i, $"dimension {i} claims {d:N0} items, more than an array axis can hold");
                Shape[i] = (int)d;
            }
            long bytes = ShapeByteCount.Saturating(Shape, ElementSize);
            HeaderLength = 4 + 4 * rank;
            if (!_isGzip && bytes != _fileLength - HeaderLength)
                throw new DataFormatException(path, HeaderLength, bytes > _fileLength - HeaderLength
                    ? $"the header claims shape {FormatShape(Shape)} ({bytes:N0} data bytes) but the file holds only {_fileLength - HeaderLength:N0}"
                    : $"the file holds {_fileLength - HeaderLength - bytes:N0} bytes after the {bytes:N0} data bytes of shape {FormatShape(Shape)}");
            if (bytes > Array.MaxLength || !ShapeByteCount.FitsOneArray(Shape))
                throw new DataFormatException(path, HeaderLength, $"the header claims shape {FormatShape(Shape)} ({bytes:N0} data bytes), more than one array can hold");
            PayloadLength = (long)bytes;
        }

        public byte TypeCode { get; }

        public int ElementSize { get; }

        public int[] Shape { get; }

        public int HeaderLength { get; }

        public long PayloadLength { get; }

        public static IdxStream Open(string path)
        {
            var stream = BoundedInput.Open(path, out bool isGzip, out long length);
            try
            {
                return new IdxStream(path, stream, isGzip, length);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        private void EnsureNoTrailingData()
        {
            if (BoundedInput.HasMoreData(_stream))
                throw new DataFormatException(_path, HeaderLength + PayloadLength, $"unexpected bytes after the {PayloadLength:N0} data bytes of shape {FormatShape(Shape)}");
        }

        // A raw file's length was checked against the header, so its data streams through one buffer; gzip data is
        // read in full first (failing where it runs out), because its decompressed length is unknown up front.
        private IEnumerable<ArraySegment<byte>> ReadPayload()
        {
            var payload = BoundedInput.Payload(_stream, PayloadLength, lengthVerified: !_isGzip, BoundedInput.ChunkSize, _path, HeaderLength, "IDX data");
            if (_isGzip) EnsureNoTrailingData();
            return payload;
        }

        public NdArray<T> ReadArray<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var payload = ReadPayload();
            var result = new NdArray<T>(Shape);
            int element = 0;
            foreach (var piece in payload)
            {
                Convert<T>(piece, result.Span.Slice(element, piece.Count / ElementSize));
                element += piece.Count / ElementSize;
            }
            return result;
        }

        private void Convert<T>(ReadOnlySpan<byte> payload, Span<T> target) where T : unmanaged, IFloatingPointIeee754<T>
        {
            switch (TypeCode)
            {
                case 0x08: ByteWidening.Widen(payload, target); break;
                case 0x09: for (int i = 0; i < target.Length; i++) target[i] = T.CreateTruncating((sbyte)payload[i]); break;
                case 0x0B: for (int i = 0; i < target.Length; i++) target[i] = T.CreateTruncating(BinaryPrimitives.ReadInt16BigEndian(payload[(2 * i)..])); break;
                case 0x0C: for (int i = 0; i < target.Length; i++) target[i] = T.CreateTruncating(BinaryPrimitives.ReadInt32BigEndian(payload[(4 * i)..])); break;
                case 0x0D: for (int i = 0; i < target.Length; i++) target[i] = T.CreateTruncating(BinaryPrimitives.ReadSingleBigEndian(payload[(4 * i)..])); break;
                default: for (int i = 0; i < target.Length; i++) target[i] = T.CreateTruncating(BinaryPrimitives.ReadDoubleBigEndian(payload[(8 * i)..])); break;
            }
        }

        public int[] ReadLabels()
        {
            if (Shape.Length != 1)
                throw new DataFormatException(_path, 3, $"a label file must be one-dimensional, not shape {FormatShape(Shape)}");
            if (TypeCode is 0x0D or 0x0E)
                throw new DataFormatException(_path, 2, "a label file must hold integers, not floating-point values");
            var payload = ReadPayload();
            var labels = new int[Shape[0]];
            int i = 0;
            foreach (var piece in payload)
            {
                for (int at = 0; at < piece.Count; at += ElementSize, i++)
                {
                    var bytes = piece.AsSpan(at);
                    labels[i] = TypeCode switch
                    {
                        0x08 => bytes[0],
                        0x09 => (sbyte)bytes[0],
                        0x0B => BinaryPrimitives.ReadInt16BigEndian(bytes),
                        _ => BinaryPrimitives.ReadInt32BigEndian(bytes),
                    };
                    if (labels[i] < 0)
                        throw new DataFormatException(_path, HeaderLength + (long)i * ElementSize, $"label {labels[i]} of item {i} is negative");
                }
            }
            return labels;
        }

        public void Dispose() => _stream.Dispose();

        private static string FormatShape(int[] shape) => NdArray<float>.FormatShape(shape);
    }
}
