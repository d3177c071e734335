using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EId.Documents;
using EId.Privacy;

namespace EId.Registry.Seeding;

/// <summary>
/// Reads a registry seed file:
/// <code>
/// { "citizens": [ { "idNumber": "110101199003074518", "fullName": "张三", "gender": "Male", "birthDate": "1990-03-07",
///                   "ethnicity": "汉", "address": "…", "status": "Valid",
///                   "portraitPath": "portraits/zhang.jpg" | "portraitBase64": "…", "portraitFormat": "Jpeg" } ] }
/// </code>
/// Portrait paths are relative to the seed file; the format is sniffed from the bytes when not given.
/// </summary>
public static class RegistrySeed
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads the citizens of a seed file.</summary>
    /// <returns>The records, or a typed reason naming the entry (masked) that failed.</returns>
    public static async Task<Result<IReadOnlyList<CitizenRecord>, Failure<SeedError>>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new Failure<SeedError>(SeedError.FileNotFound, $"Seed file '{Path.GetFileName(path)}' does not exist.");
        }

        SeedFile? file;
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                file = await JsonSerializer.DeserializeAsync<SeedFile>(stream, JsonOptions, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException)
        {
            return new Failure<SeedError>(SeedError.Malformed, "The seed file is not valid seed JSON.");
        }

        if (file?.Citizens is null)
        {
            return new Failure<SeedError>(SeedError.Malformed, "The seed file has no 'citizens' array.");
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var citizens = new List<CitizenRecord>(file.Citizens.Count);
        for (var i = 0; i < file.Citizens.Count; i++)
        {
            var entry = file.Citizens[i];
            var converted = await ToRecordAsync(entry, i, baseDirectory, cancellationToken).ConfigureAwait(false);
            if (!converted.IsSuccess)
            {
                return converted.Error;
            }

            citizens.Add(converted.Value);
        }

        return citizens;
    }

    /// <summary>Guesses the image format from its first bytes.</summary>
    public static ImageFormat SniffFormat(ReadOnlySpan<byte> data) => data switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat.Jpeg,
        [0x89, 0x50, 0x4E, 0x47, ..] => ImageFormat.Png,
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => ImageFormat.WebP,
        [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, ..] or [0xFF, 0x4F, 0xFF, 0x51, ..] => ImageFormat.Jpeg2000,
        _ => ImageFormat.Unknown,
    };

    private static async Task<Result<CitizenRecord, Failure<SeedError>>> ToRecordAsync(SeedCitizen? entry, int index, string baseDirectory, CancellationToken cancellationToken)
    {
        if (entry is null || string.IsNullOrWhiteSpace(entry.IdNumber) || string.IsNullOrWhiteSpace(entry.FullName))
        {
            return Invalid(index, null, "needs idNumber and fullName");
        }

        DateOnly? birthDate = null;
        if (entry.BirthDate is not null)
        {
            if (!DateOnly.TryParseExact(entry.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Invalid(index, entry.IdNumber, "birthDate must be yyyy-MM-dd");
            }

            birthDate = parsed;
        }

        if (!Enum.IsDefined(entry.Gender) || !Enum.IsDefined(entry.Status))
        {
            return Invalid(index, entry.IdNumber, "undefined gender or status");
        }

        byte[]? portrait = null;
        if (entry.PortraitBase64 is not null)
        {
            try
            {
                portrait = Convert.FromBase64String(entry.PortraitBase64);
            }
            catch (FormatException)
            {
                return Invalid(index, entry.IdNumber, "portraitBase64 is not base64");
            }
        }
        else if (entry.PortraitPath is not null)
        {
            var portraitPath = Path.Combine(baseDirectory, entry.PortraitPath);
            if (!File.Exists(portraitPath))
            {
                return new Failure<SeedError>(SeedError.FileNotFound, $"Seed entry {index} ({PiiMask.IdNumber(entry.IdNumber)}): portrait file '{Path.GetFileName(portraitPath)}' does not exist.");
            }

            portrait = await File.ReadAllBytesAsync(portraitPath, cancellationToken).ConfigureAwait(false);
        }

        return new CitizenRecord
        {
            IdNumber = entry.IdNumber.Trim(),
            FullName = entry.FullName.Trim(),
            Gender = entry.Gender,
            BirthDate = birthDate,
            Ethnicity = entry.Ethnicity,
            Address = entry.Address,
            Status = entry.Status,
            Portrait = portrait is null ? null : new DocumentPortrait(portrait, entry.PortraitFormat ?? SniffFormat(portrait)),
        };
    }

    private static Failure<SeedError> Invalid(int index, string? idNumber, string why) =>
        new(SeedError.InvalidCitizen, $"Seed entry {index}{(idNumber is null ? string.Empty : $" ({PiiMask.IdNumber(idNumber)})")}: {why}.");

    private sealed class SeedFile
    {
        public List<SeedCitizen?>? Citizens { get; set; }
    }

    private sealed class SeedCitizen
    {
        public string? IdNumber { get; set; }

        public string? FullName { get; set; }

        public Gender Gender { get; set; }

        public string? BirthDate { get; set; }

        public string? Ethnicity { get; set; }

        public string? Address { get; set; }

        public CitizenStatus Status { get; set; } = CitizenStatus.Valid;

        public string? PortraitPath { get; set; }

        public string? PortraitBase64 { get; set; }

        public ImageFormat? PortraitFormat { get; set; }
    }
}
