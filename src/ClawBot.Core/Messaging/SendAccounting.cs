using System;
using ClawBot.Core.Errors;

namespace ClawBot.Core.Messaging;

/// <summary>How a send's outcome counts against the user's send window (see <see cref="SendWindow"/>).</summary>
public static class SendAccounting
{
    /// <summary>
    /// The messages a send that ended part-way counts against the window: those the service accepted, and the one on
    /// its way when the send was stopped, which may have arrived (counting it keeps the book on the safe side).
    /// </summary>
    public static int Counted(PartialSendException e) =>
        (e ?? throw new ArgumentNullException(nameof(e))).PartsSent + (e.NextMayHaveArrived ? 1 : 0);

    /// <summary>
    /// True when the service refused a send the way community clients measured it refuses a spent window (ret -2 from
    /// sendmessage): the book's count is behind the service's (sends from elsewhere, a token aged out early), so the
    /// window should be closed until the user writes again (<see cref="Storage.ContactBook.RecordRefused"/>).
    /// </summary>
    public static bool IsWindowRefusal(Exception? e) => e switch
    {
        ApiErrorException { Code: -2, Operation: "sendmessage" } => true,
        PartialSendException partial => IsWindowRefusal(partial.InnerException),
        _ => false,
    };
}
