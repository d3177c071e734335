namespace EId;

/// <summary>
/// A typed failure: a machine-readable reason plus a human-readable message.
/// Messages never contain raw personal data (see <see cref="Privacy.PiiMask"/>).
/// </summary>
/// <typeparam name="TReason">An enum naming the failure kinds of one parser or service.</typeparam>
/// <param name="Reason">What went wrong, for code.</param>
/// <param name="Message">What went wrong, for people.</param>
public sealed record Failure<TReason>(TReason Reason, string Message)
    where TReason : struct, Enum
{
    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Message}";
}
