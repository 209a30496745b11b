<#--
  An email about one notice (a mention, a reply, a broadcast, a meeting date moved, ...), sent at once.
  Model: name, title, body (may be empty), link (absolute), about (the category in words; empty for emails that
  always go), preferencesLink, unsubscribeLink (absent for emails that always go).
-->
Hello ${name},

${title}
<#if body?has_content>

${body}
</#if>

Open it in the network hub:
${link}

--
<#if about?has_content>
You get this email because you asked to hear about ${about} at once.
</#if>
Choose which emails you get and how often: ${preferencesLink}
<#if unsubscribeLink??>
Stop emails about ${about}: ${unsubscribeLink}
</#if>
