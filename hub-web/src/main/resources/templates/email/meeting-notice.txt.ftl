<#--
  A meeting was scheduled, changed or deleted, or one of its dates changed. Model: kind (scheduled, changed,
  date-changed, date-cancelled, date-reinstated, deleted, delegate, delegate-withdrawn), sender (the person a
  delegate stands in for; only for the delegate kinds), register (a link to create an account, for an address
  that has none yet; may be missing), name (may be missing), title, when (the date in
  words), dates (the next dates in words), where and onlineUrl (may be missing), reason (may be missing),
  link, calendar (true when a calendar invitation is attached).
-->
Hello<#if name??> ${name}</#if>,

<#switch kind>
<#case "scheduled">
You are invited to ${title}.
<#break>
<#case "changed">
${title} has changed.
<#break>
<#case "date-changed">
${title} on ${when} has changed.
<#break>
<#case "date-cancelled">
${title} on ${when} has been cancelled.
<#break>
<#case "date-reinstated">
${title} on ${when} is going ahead after all.
<#break>
<#case "deleted">
${title} has been cancelled: every date is off.
<#break>
<#case "delegate">
${sender} is sending you to ${title} in their place. You are attending for ${sender}.
<#break>
<#case "delegate-withdrawn">
${sender} no longer needs you to go to ${title} on ${when} in their place.
<#break>
</#switch>
<#if reason??>

Reason: ${reason}
</#if>
<#if kind != "date-cancelled" && kind != "deleted" && kind != "delegate-withdrawn">

<#if dates?size == 1>When: ${dates[0]}<#else>Next dates:
<#list dates as date>
- ${date}
</#list>
</#if>
<#if where??>
Where: ${where}
</#if>
<#if onlineUrl??>
Online: ${onlineUrl}
</#if>

Reply, and see the agenda and papers: ${link}
<#if register??>

You do not have an account on the hub yet. Create one with this email address to see the date and its papers: ${register}
</#if>
</#if>
<#if calendar>

The attached invitation updates your calendar.
</#if>
