namespace EId.Postal.Courier;

/// <summary>Calls the postal server's intake directly (single-process deployments, tests, demos).</summary>
/// <param name="intake">The intake.</param>
public sealed class InProcessIntakeChannel(ParcelIntake intake) : IIntakeChannel
{
    /// <inheritdoc />
    public ValueTask<IntakeResult> SubmitAsync(SenderCheckRequest request, CancellationToken cancellationToken = default) =>
        intake.AcceptAsync(request, cancellationToken);
}
