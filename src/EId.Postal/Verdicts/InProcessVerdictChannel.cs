using EId.Postal.Courier;

namespace EId.Postal.Verdicts;

/// <summary>Hands the verdict to the postal server's <see cref="VerdictIntake"/> directly (tests, single-process hosts).</summary>
/// <param name="intake">The verdict intake.</param>
public sealed class InProcessVerdictChannel(VerdictIntake intake) : IVerdictChannel
{
    /// <inheritdoc />
    public ValueTask<IntakeResult> SubmitAsync(VerdictSubmission submission, CancellationToken cancellationToken = default) =>
        intake.AcceptAsync(submission, cancellationToken);
}
