using EId.Privacy;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Abstractions.Tests.Privacy;

public sealed class SubjectPseudonymTests
{
    private static readonly byte[] KeyA = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] KeyB = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Same_identifier_same_key_gives_same_pseudonym_and_normalises_case()
    {
        using var pseudonym = new SubjectPseudonym(KeyA);
        Assert.Equal(pseudonym.Of("11010119900307451x"), pseudonym.Of(" 11010119900307451X "));
    }

    [Fact]
    public void Different_keys_give_different_pseudonyms()
    {
        using var a = new SubjectPseudonym(KeyA);
        using var b = new SubjectPseudonym(KeyB);
        Assert.NotEqual(a.Of("110101199003074518"), b.Of("110101199003074518"));
    }

    [Fact]
    public void Short_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new SubjectPseudonym(new byte[16]));

    [Property]
    public Property Pseudonym_never_contains_the_identifier(NonEmptyString id)
    {
        using var pseudonym = new SubjectPseudonym(KeyA);
        var value = pseudonym.Of(id.Get);
        var trimmed = id.Get.Trim();
        return (value.Length == 43 && (trimmed.Length < 4 || !value.Contains(trimmed, StringComparison.OrdinalIgnoreCase))).ToProperty();
    }
}
