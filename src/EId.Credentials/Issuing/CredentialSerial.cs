namespace EId.Credentials.Issuing;

/// <summary>Serials (cti) as the status stores key them: lower-case hex.</summary>
internal static class CredentialSerial
{
    /// <summary>The serial in lower-case hex, or null when it is not a non-empty even-length hex string.</summary>
    public static string? Normalize(string? serial) =>
        serial is { Length: > 0 and <= 128 } && serial.Length % 2 == 0 && serial.All(Uri.IsHexDigit) ? serial.ToLowerInvariant() : null;
}
