<#-- The subject of a meeting notice; see meeting-notice.txt.ftl for the model. -->
<#switch kind>
<#case "scheduled">Invitation: ${title}, ${when}<#break>
<#case "changed">Updated: ${title}, ${when}<#break>
<#case "date-changed">Changed: ${title}, ${when}<#break>
<#case "date-cancelled">Cancelled: ${title}, ${when}<#break>
<#case "date-reinstated">Back on: ${title}, ${when}<#break>
<#case "deleted">Cancelled: ${title}, every date<#break>
<#case "delegate">You are attending for ${sender}: ${title}, ${when}<#break>
<#case "delegate-withdrawn">No longer needed: ${title}, ${when}<#break>
</#switch>
