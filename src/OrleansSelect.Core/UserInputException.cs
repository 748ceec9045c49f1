namespace OrleansSelect.Core;

/// <summary>
/// An error the user caused and can fix (a missing file, a bad record, an impossible budget, an
/// unknown method). The message is one sentence naming the thing and the reason; the CLI prints it
/// and exits non-zero without a stack trace.
/// </summary>
public class UserInputException(string message, Exception? inner = null) : Exception(message, inner);
