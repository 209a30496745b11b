<#--
  Someone answered a consultation through its public link and gave this address. Model: title (the consultation's),
  closes (when it closes, in words), link (the confirmation link).
-->
Hello,

Thank you for answering the consultation "${title}". Your response counts once you confirm it:

${link}

Confirm it before the consultation closes, ${closes}. If you answer again from this address and confirm, your new response replaces the earlier one.

If it was not you, you can ignore this email: nothing is counted unless the link is followed.
