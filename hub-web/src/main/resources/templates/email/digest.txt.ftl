<#--
  A daily or weekly digest of the notices a person has not read, grouped by network. Model: name, weekly,
  groups (each with network and items, each item with title, body and link), preferencesLink, unsubscribeLink.
-->
Hello ${name},

Here is what happened in your networks <#if weekly>this week<#else>since your last digest</#if> that you have not read yet.
<#list groups as group>

${group.network}
<#list group.items as item>
- ${item.title}
<#if item.body?has_content>  ${item.body}
</#if>
  ${item.link}
</#list>
</#list>

--
You get this digest because you asked for some emails <#if weekly>weekly<#else>daily</#if>.
Choose which emails you get and how often: ${preferencesLink}
Stop digest emails: ${unsubscribeLink}
