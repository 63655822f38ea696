using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Client.Tests;

/// <summary>
/// Keeps the C# examples of docs/sdk identical to the <c>#region</c>s of samples/Switchboard.Client.Samples,
/// which the build compiles. In a document, an example is a <c>csharp</c> fence right after
/// <c>&lt;!-- snippet: region-name --&gt;</c>. With SWITCHBOARD_UPDATE_SNIPPETS=1 the test rewrites the
/// documents from the samples instead of failing.
/// </summary>
public partial class DocSnippetTests
{
    private static readonly string Root = FindRepositoryRoot();
    private static readonly string DocsFolder = Path.Combine(Root, "docs", "sdk");
    private static readonly string SamplesFolder = Path.Combine(Root, "samples", "Switchboard.Client.Samples");

    public static TheoryData<string> Documents() => [.. Directory.GetFiles(DocsFolder, "*.md").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryExample_IsTheSampleRegionVerbatim(string document)
    {
        var regions = ReadRegions();
        var path = Path.Combine(DocsFolder, document);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");

        var unmarked = CsharpFence().Matches(text).Count - SnippetBlock().Matches(text).Count;
        Assert.True(unmarked == 0, $"{document} has {unmarked} C# example(s) without a '<!-- snippet: name -->' marker, so nothing compiles them.");

        var updated = SnippetBlock().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            Assert.True(regions.ContainsKey(name), $"{document} shows snippet '{name}', but no sample has '#region {name}'.");
            return $"{match.Groups["marker"].Value}```csharp\n{regions[name]}\n```";
        });

        if (updated == text)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("SWITCHBOARD_UPDATE_SNIPPETS") == "1")
        {
            File.WriteAllText(path, updated);
            return;
        }

        Assert.Fail($"{document} differs from the sample regions. Run: SWITCHBOARD_UPDATE_SNIPPETS=1 dotnet test tests/Switchboard.Client.Tests --filter DocSnippetTests\n"
            + FirstDifference(text, updated));
    }

    [Fact]
    public void EverySampleRegion_IsShownInTheDocs()
    {
        var shown = Directory.GetFiles(DocsFolder, "*.md")
            .SelectMany(file => SnippetBlock().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            .Select(match => match.Groups["name"].Value)
            .ToHashSet();

        Assert.Empty(ReadRegions().Keys.Where(name => !shown.Contains(name)).Order());
    }

    private static Dictionary<string, string> ReadRegions()
    {
        var regions = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(SamplesFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success)
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "#endregion");
                Assert.True(end > i, $"'#region {start.Groups[1].Value}' in {file} has no #endregion.");
                var name = start.Groups[1].Value;
                Assert.False(regions.ContainsKey(name), $"Two samples have '#region {name}'.");
                regions[name] = Dedent(lines[(i + 1)..end]);
                i = end;
            }
        }

        return regions;
    }

    private static string Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.TrimEnd())).Trim('\n');
    }

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return new StringBuilder().Append("line ").Append(i + 1).Append(":\n  doc:    ").Append(a[i]).Append("\n  sample: ").Append(b[i]).ToString();
            }
        }

        return $"the document has {a.Length} lines, {b.Length} with the samples";
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Switchboard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Switchboard.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\s*#region\s+(\S+)\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"(?<marker><!-- snippet: (?<name>[\w-]+) -->\n)```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetBlock();

    [GeneratedRegex(@"```csharp\n")]
    private static partial Regex CsharpFence();
}
