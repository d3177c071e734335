using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EId.Biometrics.Gallery;

/// <summary>Save and load. File layout (little-endian), version 1:</summary>
/// <remarks>
/// <code>
/// magic "EIDGALRY" (8) | u16 version | u8 encoding (1 float32, 2 int8) | u8 reserved 0
/// i32 dimension | i32 count | u8 model-id length | model id (UTF-8)
/// count × vector: float32 → dimension × f32; int8 → f32 scale + dimension × s8 (−127..127)
/// count × subject id: u8 length (1..255) + UTF-8
/// SHA-256 of everything above (32)
/// </code>
/// The checksum detects corruption and truncation, not tampering: protect the file itself (disk
/// encryption, permissions) because it holds biometric templates.
/// </remarks>
public sealed partial class FaceGallery
{
    private const int FormatVersion = 1;
    private const byte EncodingFloat32 = 1;
    private const byte EncodingInt8 = 2;
    private const int HeaderSize = 21;
    private const int IoBufferSize = 1 << 20;

    private static readonly byte[] Magic = "EIDGALRY"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Writes the gallery to <paramref name="stream"/> (float32 vectors, or int8 codes for an
    /// <see cref="GalleryPrecision.Int8"/> gallery). Searches continue meanwhile; adds and removes wait.
    /// </summary>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the stream holds a partial file.</exception>
    public void Save(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var writer = new GalleryFileWriter(stream, IoBufferSize);
            var d = _options.Dimension;
            var model = Encoding.UTF8.GetBytes(_options.ModelId);
            writer.Write(Magic);
            Span<byte> version = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(version, FormatVersion);
            writer.Write(version);
            writer.WriteByte(_hasFloat32 ? EncodingFloat32 : EncodingInt8);
            writer.WriteByte(0);
            writer.WriteInt32(d);
            writer.WriteInt32(_count);
            writer.WriteByte(checked((byte)model.Length));
            writer.Write(model);

            var codes = new byte[d];
            for (var slot = 0; slot < _count; slot++)
            {
                if ((slot & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (_hasFloat32)
                {
                    writer.Write(MemoryMarshal.AsBytes(_rows32.AsSpan(_origin32 + (slot * _stride32), d)));
                }
                else
                {
                    writer.WriteInt32(BitConverter.SingleToInt32Bits(_scales[slot]));
                    var row = _rows8.AsSpan(_origin8 + (slot * _stride8), d);
                    for (var i = 0; i < d; i++)
                    {
                        codes[i] = (byte)(row[i] ^ Int8Codec.Offset);
                    }

                    writer.Write(codes);
                }
            }

            for (var slot = 0; slot < _count; slot++)
            {
                var id = Encoding.UTF8.GetBytes(_ids[slot]);
                writer.WriteByte((byte)id.Length);
                writer.Write(id);
            }

            writer.Finish();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Writes the gallery to <paramref name="path"/> (replacing it) on a pool thread; see <see cref="Save(Stream, CancellationToken)"/>.</summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file could not be written.</exception>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Task.Run(
            () =>
            {
                using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, IoBufferSize);
                Save(file, cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>Loads a gallery written by <see cref="Save(Stream, CancellationToken)"/> from <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file could not be read.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<Result<FaceGallery, Failure<GalleryError>>> LoadAsync(string path, FaceGalleryOptions options, IProgress<GalleryLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await LoadAsync(file, options, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a gallery from <paramref name="stream"/> into a new gallery configured by <paramref name="options"/>
    /// (whose model and dimension the file must match). A float32 file can fill any precision; an int8 file only
    /// <see cref="GalleryPrecision.Int8"/>. Broken, truncated or mismatched files are typed errors; the gallery is
    /// returned only after the checksum verified.
    /// </summary>
    /// <param name="stream">The file content.</param>
    /// <param name="options">The gallery to build; <see cref="FaceGalleryOptions.InitialCapacity"/> is taken from the file.</param>
    /// <param name="progress">Receives progress after every block of templates (about 512 KiB) and once at the end.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<Result<FaceGallery, Failure<GalleryError>>> LoadAsync(Stream stream, FaceGalleryOptions options, IProgress<GalleryLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        FaceGalleryOptionsValidator.ThrowIfInvalid(options, nameof(options));
        EnsureLittleEndian();
        var start = stream.CanSeek ? stream.Position : 0;
        using var reader = new GalleryFileReader(stream, IoBufferSize);

        if (!await reader.EnsureAsync(Magic.Length, cancellationToken).ConfigureAwait(false) || !reader.Take(Magic.Length).SequenceEqual(Magic))
        {
            return LoadFailure(GalleryError.NotAGalleryFile, "The data is not a gallery file.");
        }

        if (!await reader.EnsureAsync(HeaderSize - Magic.Length, cancellationToken).ConfigureAwait(false))
        {
            return LoadFailure(GalleryError.Truncated, "The gallery file ends inside its header.");
        }

        var header = reader.Take(HeaderSize - Magic.Length);
        var version = BinaryPrimitives.ReadUInt16LittleEndian(header);
        var encoding = header[2];
        var dimension = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var modelLength = header[12];
        if (version != FormatVersion)
        {
            return LoadFailure(GalleryError.UnsupportedVersion, $"Gallery file version {version} is not supported (expected {FormatVersion}).");
        }

        if (encoding is not (EncodingFloat32 or EncodingInt8) || header[3] != 0 || dimension is <= 0 or > MaxDimension || count < 0 || modelLength == 0)
        {
            return LoadFailure(GalleryError.Corrupt, "The gallery file header is malformed.");
        }

        if (!await reader.EnsureAsync(modelLength, cancellationToken).ConfigureAwait(false))
        {
            return LoadFailure(GalleryError.Truncated, "The gallery file ends inside its header.");
        }

        if (!TryDecode(reader.Take(modelLength), out var modelId))
        {
            return LoadFailure(GalleryError.Corrupt, "The gallery file's model id is not UTF-8.");
        }

        if (!string.Equals(modelId, options.ModelId, StringComparison.Ordinal))
        {
            return LoadFailure(GalleryError.ModelMismatch, $"The file holds templates of model '{modelId}' but the gallery expects '{options.ModelId}'.");
        }

        if (dimension != options.Dimension)
        {
            return LoadFailure(GalleryError.DimensionMismatch, $"The file holds {dimension}-dimensional templates but the gallery expects {options.Dimension}.");
        }

        if (encoding == EncodingInt8 && options.Precision != GalleryPrecision.Int8)
        {
            return LoadFailure(GalleryError.PrecisionMismatch, $"An int8 gallery file cannot fill a {options.Precision} gallery.");
        }

        var recordSize = encoding == EncodingFloat32 ? dimension * sizeof(float) : sizeof(float) + dimension;
        if (stream.CanSeek && stream.Length - start - reader.Position < ((long)count * (recordSize + 2)) + SHA256.HashSizeInBytes)
        {
            return LoadFailure(GalleryError.Truncated, "The gallery file is shorter than its header declares.");
        }

        var sized = options.Clone();
        sized.InitialCapacity = stream.CanSeek ? count : Math.Min(count, 1 << 16);
        var gallery = new FaceGallery(sized);
        if (count > gallery._maxRows)
        {
            gallery.Dispose();
            return LoadFailure(GalleryError.CapacityExceeded, $"The file holds {count} templates; this gallery holds at most {gallery._maxRows}.");
        }

        var keep = false;
        try
        {
            var result = await gallery.FillAsync(reader, encoding, count, recordSize, progress, cancellationToken).ConfigureAwait(false);
            keep = result is null;
            return keep ? gallery : result!;
        }
        finally
        {
            if (!keep)
            {
                gallery.Dispose();
            }
        }
    }

    private async Task<Failure<GalleryError>?> FillAsync(GalleryFileReader reader, byte encoding, int count, int recordSize, IProgress<GalleryLoadProgress>? progress, CancellationToken cancellationToken)
    {
        var d = _options.Dimension;
        var batch = Math.Max(1, IoBufferSize / 2 / recordSize);
        var vector = new float[d];
        for (var slot = 0; slot < count;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(batch, count - slot);
            if (!await reader.EnsureAsync(n * recordSize, cancellationToken).ConfigureAwait(false))
            {
                return new(GalleryError.Truncated, "The gallery file ends inside its templates.");
            }

            if (slot + n > _capacity)
            {
                Grow((int)Math.Min(_maxRows, Math.Max((long)_capacity * 2, slot + n)));
            }

            var block = reader.Take(n * recordSize);
            for (var i = 0; i < n; i++, slot++)
            {
                var record = block.Slice(i * recordSize, recordSize);
                if (encoding == EncodingFloat32)
                {
                    MemoryMarshal.Cast<byte, float>(record).CopyTo(vector);
                    var problem = CheckVector(vector);
                    if (problem is not null)
                    {
                        return new(GalleryError.Corrupt, "The gallery file holds a non-finite template.");
                    }

                    WriteRow(slot, vector);
                }
                else if (!TryWriteInt8Row(slot, record))
                {
                    return new(GalleryError.Corrupt, "The gallery file holds an invalid int8 template.");
                }
            }

            progress?.Report(new GalleryLoadProgress(slot, count, reader.Position));
        }

        for (var slot = 0; slot < count; slot++)
        {
            if (!await reader.EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                return new(GalleryError.Truncated, "The gallery file ends inside its subject ids.");
            }

            var length = reader.Take(1)[0];
            if (length == 0 || !await reader.EnsureAsync(length, cancellationToken).ConfigureAwait(false))
            {
                return new(length == 0 ? GalleryError.Corrupt : GalleryError.Truncated, "The gallery file's subject ids are truncated or malformed.");
            }

            if (!TryDecode(reader.Take(length), out var id) || CheckSubjectId(id) is not null || !_slots.TryAdd(id, slot))
            {
                return new(GalleryError.Corrupt, "The gallery file holds an invalid or duplicate subject id.");
            }

            _ids[slot] = id;
        }

        if (!await reader.EnsureAsync(SHA256.HashSizeInBytes, cancellationToken).ConfigureAwait(false))
        {
            return new(GalleryError.Truncated, "The gallery file ends before its checksum.");
        }

        var expected = reader.Digest();
        if (!CryptographicOperations.FixedTimeEquals(expected, reader.Take(SHA256.HashSizeInBytes, hashed: false)))
        {
            return new(GalleryError.ChecksumMismatch, "The gallery file's checksum does not match its content.");
        }

        if (await reader.EnsureAsync(1, cancellationToken).ConfigureAwait(false))
        {
            return new(GalleryError.Corrupt, "The gallery file has bytes after its checksum.");
        }

        _count = count;
        progress?.Report(new GalleryLoadProgress(count, count, reader.Position));
        return null;
    }

    private bool TryWriteInt8Row(int slot, ReadOnlySpan<byte> record)
    {
        var scale = BinaryPrimitives.ReadSingleLittleEndian(record);
        if (!float.IsFinite(scale) || scale < 0)
        {
            return false;
        }

        var codes = record[sizeof(float)..];
        var row = _rows8.AsSpan(_origin8 + (slot * _stride8), codes.Length);
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] == 0x80)
            {
                return false; // −128 is outside the symmetric code range
            }

            row[i] = (byte)(codes[i] ^ Int8Codec.Offset);
        }

        _scales[slot] = scale;
        return true;
    }

    private static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static Result<FaceGallery, Failure<GalleryError>> LoadFailure(GalleryError reason, string message) =>
        Result<FaceGallery, Failure<GalleryError>>.Failure(new Failure<GalleryError>(reason, message));

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Gallery files are read and written on little-endian machines only.");
        }
    }
}
