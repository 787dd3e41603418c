using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ClawBot.Core.Storage;

namespace ClawBot.Completion;

/// <summary>Completes -Name from the stored profiles.</summary>
public sealed class ProfileNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<string> names;
        try { names = new ProfileStore().ListNames(); }
        catch (Exception) { yield break; } // completion must never throw at the user

        foreach (var name in names.Where(n => n.StartsWith(CompletionText.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase)))
        {
            yield return new CompletionResult(CompletionText.Quote(name), name, CompletionResultType.ParameterValue, $"Stored profile {name}");
        }
    }
}
