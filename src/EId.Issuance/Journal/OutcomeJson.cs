using System.Text.Json;
using EId.Credentials;
using EId.Documents;
using EId.Faces;
using EId.Risk;

namespace EId.Issuance.Journal;

/// <summary>Serialises outcomes for the journal (the credential as issued, or the refusal).</summary>
internal static class OutcomeJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(IssuanceOutcome outcome)
    {
        var dto = new OutcomeDto
        {
            RequestId = outcome.RequestId,
            DecidedAt = outcome.DecidedAt,
            Step = outcome.Refusal?.Step,
            Reasons = outcome.Refusal?.Reasons.Select(r => new ReasonDto(r.Code.Value, r.Detail, r.Source)).ToList(),
        };
        if (outcome.Credential is { } credential)
        {
            var s = credential.Subject;
            dto.QrText = credential.QrText;
            dto.Metadata = credential.Metadata;
            dto.Subject = new SubjectDto
            {
                IdNumber = s.IdNumber,
                FullName = s.FullName,
                BirthDate = s.BirthDate,
                Gender = s.Gender,
                Address = s.Address,
                Nationality = s.Nationality,
                Face = s.Face?.Data.ToArray(),
                FaceFormat = s.Face?.Format,
                TemplateModel = s.FaceTemplate?.ModelId,
                Template = s.FaceTemplate?.Vector.ToArray(),
            };
        }

        return JsonSerializer.Serialize(dto, Options);
    }

    public static IssuanceOutcome? Deserialize(string json)
    {
        OutcomeDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<OutcomeDto>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }

        if (dto?.RequestId is null)
        {
            return null;
        }

        if (dto.QrText is not null && dto.Subject?.IdNumber is not null && dto.Metadata is not null)
        {
            var s = dto.Subject;
            var subject = new CredentialSubject
            {
                IdNumber = s.IdNumber,
                FullName = s.FullName,
                BirthDate = s.BirthDate,
                Gender = s.Gender,
                Address = s.Address,
                Nationality = s.Nationality,
                Face = s.Face is null ? null : new DocumentPortrait(s.Face, s.FaceFormat ?? ImageFormat.Unknown),
                FaceTemplate = s.Template is null || s.TemplateModel is null ? null : new FaceTemplate(s.TemplateModel, s.Template),
            };
            return IssuanceOutcome.Issued(dto.RequestId, new IssuedCredential(dto.QrText, subject, dto.Metadata)) with { DecidedAt = dto.DecidedAt };
        }

        if (dto.Step is { } step && dto.Reasons is not null)
        {
            var reasons = dto.Reasons.Select(r => new RiskReason(new RiskReasonCode(r.Code), r.Detail, r.Source)).ToList();
            return IssuanceOutcome.Refused(dto.RequestId, new IssuanceRefusal(step, reasons)) with { DecidedAt = dto.DecidedAt };
        }

        return null;
    }

    private sealed class OutcomeDto
    {
        public string? RequestId { get; set; }

        public DateTimeOffset DecidedAt { get; set; }

        public IssuanceStep? Step { get; set; }

        public List<ReasonDto>? Reasons { get; set; }

        public string? QrText { get; set; }

        public CredentialMetadata? Metadata { get; set; }

        public SubjectDto? Subject { get; set; }
    }

    private sealed record ReasonDto(string Code, string Detail, string Source);

    private sealed class SubjectDto
    {
        public string? IdNumber { get; set; }

        public string? FullName { get; set; }

        public DateOnly? BirthDate { get; set; }

        public Gender Gender { get; set; }

        public string? Address { get; set; }

        public string? Nationality { get; set; }

        public byte[]? Face { get; set; }

        public ImageFormat? FaceFormat { get; set; }

        public string? TemplateModel { get; set; }

        public float[]? Template { get; set; }
    }
}
