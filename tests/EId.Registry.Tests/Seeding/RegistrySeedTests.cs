using static EId.Registry.Tests.Support.TestToken;
using EId.Documents;
using EId.Registry.Seeding;
using EId.Registry.Storage;

namespace EId.Registry.Tests.Seeding;

public sealed class RegistrySeedTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Seed_file_with_portrait_paths_and_base64_loads_into_sqlite()
    {
        Directory.CreateDirectory(_dir.File("portraits"));
        File.WriteAllBytes(_dir.File("portraits/zhang.jpg"), Citizens.JpegPortrait);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        File.WriteAllText(_dir.File("seed.json"), $$"""
            {
              // citizens of the demo registry
              "citizens": [
                { "idNumber": "{{Citizens.ZhangId}}", "fullName": "{{Citizens.ZhangName}}", "gender": "Male", "birthDate": "1990-03-07",
                  "ethnicity": "汉", "address": "北京市东城区景山前街4号", "portraitPath": "portraits/zhang.jpg" },
                { "idNumber": "{{Citizens.LiId}}", "fullName": "Li Si", "gender": 2, "status": "CardLost",
                  "portraitBase64": "{{Convert.ToBase64String(png)}}" },
              ]
            }
            """);
        var registry = new SqliteIdentityRegistry(new SqliteRegistryOptions { DatabasePath = _dir.File("registry.db") });
        Assert.Equal(2, (await registry.SeedAsync(_dir.File("seed.json"), Ct)).GetValueOrThrow());

        Citizens.AssertSame(Citizens.Zhang(), (await registry.LookupAsync(Citizens.ZhangId, Ct)).GetValueOrThrow());
        var li = (await registry.LookupAsync(Citizens.LiId, Ct)).GetValueOrThrow();
        Assert.Equal(CitizenStatus.CardLost, li.Status);
        Assert.Equal(Gender.Female, li.Gender);
        Assert.Equal(ImageFormat.Png, li.Portrait!.Format);
        Assert.Equal(png, li.Portrait.Data.ToArray());
    }

    [Theory]
    [InlineData("""{ "citizens": [ { "idNumber": "1", "fullName": "A", "birthDate": "07/03/1990" } ] }""", SeedError.InvalidCitizen)]
    [InlineData("""{ "citizens": [ { "fullName": "A" } ] }""", SeedError.InvalidCitizen)]
    [InlineData("""{ "citizens": [ { "idNumber": "1", "fullName": "A", "portraitBase64": "%%%" } ] }""", SeedError.InvalidCitizen)]
    [InlineData("""{ "citizens": [ { "idNumber": "1", "fullName": "A", "status": 42 } ] }""", SeedError.InvalidCitizen)]
    [InlineData("""{ "citizens": [ { "idNumber": "1", "fullName": "A", "portraitPath": "missing.jpg" } ] }""", SeedError.FileNotFound)]
    [InlineData("""{ "citizens": [ { "idNumber": "1", "fullName": "A", "status": "Zombie" } ] }""", SeedError.Malformed)]
    [InlineData("""{ "people": [] }""", SeedError.Malformed)]
    [InlineData("""[1, 2""", SeedError.Malformed)]
    public async Task Bad_seed_files_give_typed_errors_and_write_nothing(string json, SeedError expected)
    {
        File.WriteAllText(_dir.File("seed.json"), json);
        var registry = new InMemoryIdentityRegistry();
        var result = await registry.SeedAsync(_dir.File("seed.json"), Ct);
        Assert.Equal(expected, result.Error!.Reason);
        Assert.Equal(RegistryError.NotFound, (await registry.LookupAsync("1", Ct)).Error!.Reason);
    }

    [Fact]
    public async Task Missing_seed_file_is_a_typed_error()
    {
        Assert.Equal(SeedError.FileNotFound, (await new InMemoryIdentityRegistry().SeedAsync(_dir.File("nope.json"), Ct)).Error!.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB }, ImageFormat.Jpeg)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, ImageFormat.WebP)]
    [InlineData(new byte[] { 0xFF, 0x4F, 0xFF, 0x51 }, ImageFormat.Jpeg2000)]
    [InlineData(new byte[] { 1, 2 }, ImageFormat.Unknown)]
    public void Portrait_format_is_sniffed(byte[] data, ImageFormat expected) => Assert.Equal(expected, RegistrySeed.SniffFormat(data));
}
