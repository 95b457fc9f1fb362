using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Agreement;

/// <summary>
/// One corpus of references (tests/Data/reference-corpus.json), valid and malformed, given to the source generator
/// and to the run-time reader: both must reach the same verdict, and for a malformed one report the same rule.
/// They share one parser, so this fails the day someone adds a check to only one of them.
/// </summary>
public sealed class ReferenceCorpusTests
{
    private static IEnumerable<TestCaseData> Corpus()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "References", "reference-corpus.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var item in document.RootElement.EnumerateArray())
        {
            string? rule = item.GetProperty("rule").ValueKind == JsonValueKind.String ? item.GetProperty("rule").GetString() : null;
            yield return new TestCaseData(item.GetProperty("reference").GetRawText(), rule).SetArgDisplayNames(item.GetProperty("case").GetString()!);
        }
    }

    [TestCaseSource(nameof(Corpus))]
    public void The_generator_and_Reference_Parse_agree(string reference, string? expectedRule)
    {
        var run = GeneratorRunner.Run(TestFile.Reference("/refs/corpus.json", reference, "Corpus"));
        var generatorRules = run.Diagnostics.Select(d => d.Id).ToList();
        string? runtimeRule = null;
        try
        {
            Reference.Parse(reference);
        }
        catch (ReferenceFormatException exception)
        {
            runtimeRule = exception.RuleId;
        }

        Assert.That(run.Results.Single().Exception, Is.Null, "the generator must never throw");
        if (expectedRule is null)
        {
            Assert.That((generatorRules, runtimeRule), Is.EqualTo((new List<string>(), (string?)null)));
            Assert.That(run.Results.Single().GeneratedSources, Has.Length.EqualTo(1));
        }
        else
        {
            Assert.That(generatorRules, Is.EqualTo(new[] { expectedRule }), "generator");
            Assert.That(runtimeRule, Is.EqualTo(expectedRule), "Reference.Parse");
        }
    }
}
